/* gq-demo-server.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* GqDemoServer runs a SoupServer on a thread of its own, with its own
 * GMainContext: a GTK app that embeds it never waits while it serializes
 * a big listing, and a test that drives the engine on the main context
 * cannot deadlock against it. The store and the SoupServer live and die
 * on that thread; the other threads only start, stop, configure faults
 * and read the port. */

#include "gq-demo-server.h"
#include "gq-demo-faults.h"
#include "gq-demo-http.h"
#include "gq-demo-router.h"
#include "gq-demo-store.h"

#include <libsoup/soup.h>
#include <string.h>

/**
 * GqDemoServer:
 *
 * The demo REST server: seeded collections behind json-server's REST
 * conventions, with optional persistence and fault injection.
 */
struct _GqDemoServer
{
  GObject        parent_instance;

  /* Guards the fields read across threads: port, base_uri, the start
   * handshake. */
  GMutex         mutex;
  GCond          cond;

  guint32        seed;
  char          *data_file;
  guint          scale;
  guint          save_delay_ms;
  GqDemoFaults  *faults;
  gint           save_count;  /* atomic */

  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  char          *host;
  guint          requested_port;
  guint          port;
  char          *base_uri;
  gboolean       start_done;
  GError        *start_error;

  /* Server thread only. */
  SoupServer    *soup;
  GqDemoStore   *store;
  char          *authority;  /* host:port, for requests without Host */
  GHashTable    *pending;  /* Pending */
};

typedef struct
{
  GqDemoServer      *self;
  SoupServerMessage *msg;
  GSource           *source;
  GqDemoFault        fault;
} Pending;

G_DEFINE_FINAL_TYPE (GqDemoServer, gq_demo_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (gq-demo-server-error-quark, gq_demo_server_error)

enum {
  PROP_0,
  PROP_SEED,
  PROP_DATA_FILE,
  PROP_SCALE,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULT_SAVE_DELAY_MS 100

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_clear_object (&pending->msg);
  g_free (pending);
}

/* A write that is then dropped has happened: the client cannot know,
 * which is the case Idempotency-Key exists for. */
static void
respond (Pending *pending)
{
  GqDemoServer *self = pending->self;
  SoupServerMessage *msg = pending->msg;

  g_autoptr(GqDemoReply) reply = NULL;

  if (pending->fault.fail)
    {
      reply = gq_demo_reply_new_error (503, NULL, "injected failure");
      gq_demo_reply_add_header (reply, "Retry-After", "1");
    }
  else
    {
      reply = gq_demo_http_route (msg, self->store, self->authority);
    }

  if (pending->fault.drop)
    {
      gq_demo_http_drop_connection (msg, reply);
      return;
    }

  gq_demo_http_set_reply (msg, reply);
  soup_server_message_unpause (msg);
}

static gboolean
pending_ready (gpointer user_data)
{
  Pending *pending = user_data;
  GqDemoServer *self = pending->self;

  g_clear_pointer (&pending->source, g_source_unref);
  respond (pending);
  g_hash_table_remove (self->pending, pending);

  return G_SOURCE_REMOVE;
}
/* Every answer goes through the main loop, even an immediate one: the
 * handler runs inside libsoup's read of the request, where the
 * connection must not be stolen from under it. */
static void
handle_message (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  GqDemoServer *self = user_data;
  Pending *pending;
  guint delay_ms = 0;

  gq_demo_http_add_common_headers (msg);

  if (g_str_equal (soup_server_message_get_method (msg), "OPTIONS"))
    {
      gq_demo_http_respond_preflight (msg);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->msg = g_object_ref (msg);

  if (gq_demo_router_is_collection_route (self->store, g_uri_get_path (soup_server_message_get_uri (msg))))
    {
      pending->fault = gq_demo_faults_next (self->faults);
      delay_ms = pending->fault.latency_ms + gq_demo_http_get_requested_delay (msg);
    }

  pending->source = delay_ms > 0 ? g_timeout_source_new (delay_ms) : g_idle_source_new ();
  g_source_set_callback (pending->source, pending_ready, pending, NULL);
  g_source_set_name (pending->source, "[gquery-demo-server] response");
  g_source_attach (pending->source, self->context);
  g_hash_table_add (self->pending, pending);

  soup_server_message_pause (msg);
}

static void
on_saved (GqDemoServer *self)
{
  g_atomic_int_inc (&self->save_count);
}

static GInetAddress *
resolve_host (const char  *host,
              GError     **error)
{
  g_autoptr(GResolver) resolver = NULL;
  GInetAddress *address;
  GList *addresses;

  if ((address = g_inet_address_new_from_string (host)))
    return address;

  resolver = g_resolver_get_default ();
  addresses = g_resolver_lookup_by_name (resolver, host, NULL, error);
  if (addresses == NULL)
    {
      g_prefix_error (error, "cannot listen on %s: ", host);
      if (error != NULL && *error != NULL)
        {
          (*error)->domain = GQ_DEMO_SERVER_ERROR;
          (*error)->code = GQ_DEMO_SERVER_ERROR_ADDRESS;
        }
      return NULL;
    }

  address = g_object_ref (addresses->data);
  g_resolver_free_addresses (addresses);

  return address;
}

static char *
format_base_uri (GInetAddress *address,
                 guint         port)
{
  g_autofree char *text = g_inet_address_to_string (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("http://[%s]:%u/", text, port);

  return g_strdup_printf ("http://%s:%u/", text, port);
}

/* On the server thread: the store, then the listening socket. */
static gboolean
setup (GqDemoServer  *self,
       GError       **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) local_error = NULL;
  GSList *listeners;
  guint port;

  self->store = gq_demo_store_new (self->seed, self->scale);
  gq_demo_store_set_save_delay (self->store, self->save_delay_ms);
  g_signal_connect_swapped (self->store, "saved", G_CALLBACK (on_saved), self);

  if (!gq_demo_store_open_file (self->store, self->data_file, &local_error))
    {
      g_set_error_literal (error, GQ_DEMO_SERVER_ERROR, GQ_DEMO_SERVER_ERROR_DATA_FILE,
                           local_error->message);
      return FALSE;
    }

  if (!(address = resolve_host (self->host, error)))
    return FALSE;

  self->soup = soup_server_new ("server-header", "gquery-demo-server ", NULL);
  soup_server_add_handler (self->soup, NULL, handle_message, self, NULL);

  socket_address = g_inet_socket_address_new (address, self->requested_port);
  if (!soup_server_listen (self->soup, socket_address, 0, error))
    return FALSE;

  /* Not soup_server_get_uris: libsoup 3.2 leaks the address it caches. */
  listeners = soup_server_get_listeners (self->soup);
  bound = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);
  if (bound == NULL)
    return FALSE;
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  g_mutex_lock (&self->mutex);
  self->port = port;
  self->base_uri = format_base_uri (address, port);
  g_mutex_unlock (&self->mutex);

  self->authority = g_strndup (self->base_uri + strlen ("http://"),
                               strlen (self->base_uri) - strlen ("http://") - 1);

  return TRUE;
}

static void
teardown (GqDemoServer *self)
{
  g_autoptr(GError) error = NULL;

  /* Requests still waiting for their delay are abandoned, not answered. */
  g_hash_table_remove_all (self->pending);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  if (self->store != NULL && !gq_demo_store_flush (self->store, &error))
    g_warning ("Could not save the data file: %s", error->message);
  g_clear_object (&self->store);
  g_clear_pointer (&self->authority, g_free);

  /* Let libsoup finish closing connections on this thread. */
  for (guint i = 0; i < 100 && g_main_context_pending (self->context); i++)
    g_main_context_iteration (self->context, FALSE);
}

static gpointer
server_thread (gpointer user_data)
{
  GqDemoServer *self = user_data;
  GError *error = NULL;
  gboolean started;

  g_main_context_push_thread_default (self->context);

  started = setup (self, &error);

  g_mutex_lock (&self->mutex);
  self->start_error = error;
  self->start_done = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (started)
    g_main_loop_run (self->loop);

  teardown (self);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static void
pending_destroy (gpointer data)
{
  Pending *pending = data;

  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_clear_pointer (&pending->source, g_source_unref);
    }
  pending_free (pending);
}

static void
gq_demo_server_dispose (GObject *object)
{
  GqDemoServer *self = (GqDemoServer *)object;

  gq_demo_server_stop (self);

  G_OBJECT_CLASS (gq_demo_server_parent_class)->dispose (object);
}

static void
gq_demo_server_finalize (GObject *object)
{
  GqDemoServer *self = (GqDemoServer *)object;

  g_clear_pointer (&self->faults, gq_demo_faults_free);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->data_file, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->base_uri, g_free);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (gq_demo_server_parent_class)->finalize (object);
}

static void
gq_demo_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GqDemoServer *self = GQ_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;

    case PROP_DATA_FILE:
      g_value_set_string (value, self->data_file);
      break;

    case PROP_SCALE:
      g_value_set_uint (value, self->scale);
      break;

    case PROP_PORT:
      g_value_set_uint (value, gq_demo_server_get_port (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_demo_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GqDemoServer *self = GQ_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      self->seed = g_value_get_uint (value);
      break;

    case PROP_DATA_FILE:
      gq_demo_server_set_data_file (self, g_value_get_string (value));
      break;

    case PROP_SCALE:
      gq_demo_server_set_scale (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_demo_server_class_init (GqDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gq_demo_server_dispose;
  object_class->finalize = gq_demo_server_finalize;
  object_class->get_property = gq_demo_server_get_property;
  object_class->set_property = gq_demo_server_set_property;

  /**
   * GqDemoServer:seed:
   *
   * The seed of the generated data: the same seed gives the same bytes.
   */
  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL,
                       0, G_MAXUINT32, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GqDemoServer:data-file:
   *
   * The JSON file the data is loaded from and saved to, or %NULL to keep
   * the data in memory.
   */
  properties[PROP_DATA_FILE] =
    g_param_spec_string ("data-file", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GqDemoServer:scale:
   *
   * How many times the default number of records each collection gets.
   */
  properties[PROP_SCALE] =
    g_param_spec_uint ("scale", NULL, NULL,
                       1, G_MAXUINT16, 1,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GqDemoServer:port:
   *
   * The port the server listens on, 0 when it is stopped.
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_demo_server_init (GqDemoServer *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->scale = 1;
  self->save_delay_ms = DEFAULT_SAVE_DELAY_MS;
  self->faults = gq_demo_faults_new ();
  self->pending = g_hash_table_new_full (NULL, NULL, pending_destroy, NULL);
}

/**
 * gq_demo_server_new:
 * @seed: the seed of the generated data
 *
 * Creates a stopped server.
 *
 * Returns: (transfer full): a new #GqDemoServer
 */
GqDemoServer *
gq_demo_server_new (guint32 seed)
{
  return g_object_new (GQ_TYPE_DEMO_SERVER, "seed", seed, NULL);
}

/**
 * gq_demo_server_set_data_file:
 * @self: a #GqDemoServer
 * @path: (nullable) (type filename): a JSON file, or %NULL
 *
 * Sets the file that holds the data; takes effect at the next start.
 */
void
gq_demo_server_set_data_file (GqDemoServer *self,
                              const char   *path)
{
  g_return_if_fail (GQ_IS_DEMO_SERVER (self));

  if (g_strcmp0 (self->data_file, path) == 0)
    return;

  g_free (self->data_file);
  self->data_file = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_FILE]);
}

/**
 * gq_demo_server_get_data_file:
 * @self: a #GqDemoServer
 *
 * Returns: (nullable) (type filename): the data file
 */
const char *
gq_demo_server_get_data_file (GqDemoServer *self)
{
  g_return_val_if_fail (GQ_IS_DEMO_SERVER (self), NULL);

  return self->data_file;
}

/**
 * gq_demo_server_set_scale:
 * @self: a #GqDemoServer
 * @scale: 1 or more
 *
 * Multiplies the size of every generated collection; takes effect at the
 * next start and only when no data file exists yet.
 */
void
gq_demo_server_set_scale (GqDemoServer *self,
                          guint         scale)
{
  g_return_if_fail (GQ_IS_DEMO_SERVER (self));
  g_return_if_fail (scale >= 1);

  if (self->scale == scale)
    return;

  self->scale = scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
}

/**
 * gq_demo_server_get_scale:
 * @self: a #GqDemoServer
 *
 * Returns: the scale of the generated data
 */
guint
gq_demo_server_get_scale (GqDemoServer *self)
{
  g_return_val_if_fail (GQ_IS_DEMO_SERVER (self), 1);

  return self->scale;
}

/**
 * gq_demo_server_get_seed:
 * @self: a #GqDemoServer
 *
 * Returns: the seed of the generated data
 */
guint32
gq_demo_server_get_seed (GqDemoServer *self)
{
  g_return_val_if_fail (GQ_IS_DEMO_SERVER (self), 0);

  return self->seed;
}

/**
 * gq_demo_server_set_save_delay:
 * @self: a #GqDemoServer
 * @delay_ms: milliseconds
 *
 * Sets how long changes gather before one write of the data file
 * (100 ms by default); stopping the server writes at once. Takes effect
 * at the next start.
 */
void
gq_demo_server_set_save_delay (GqDemoServer *self,
                               guint         delay_ms)
{
  g_return_if_fail (GQ_IS_DEMO_SERVER (self));

  self->save_delay_ms = delay_ms;
}

/**
 * gq_demo_server_set_faults:
 * @self: a #GqDemoServer
 * @latency_ms: a delay added to every response
 * @failure_rate: the share of requests answered 503, from 0 to 1
 * @drop_rate: the share of requests whose connection is dropped, from 0 to 1
 * @fault_seed: the seed of the fault sequence
 *
 * Configures fault injection on the collection routes, from any thread,
 * running or not. The sequence restarts from @fault_seed, so the n-th
 * request after this call meets the same fate in every run.
 */
void
gq_demo_server_set_faults (GqDemoServer *self,
                           guint         latency_ms,
                           double        failure_rate,
                           double        drop_rate,
                           guint32       fault_seed)
{
  g_return_if_fail (GQ_IS_DEMO_SERVER (self));
  g_return_if_fail (failure_rate >= 0 && failure_rate <= 1);
  g_return_if_fail (drop_rate >= 0 && drop_rate <= 1);

  gq_demo_faults_configure (self->faults, latency_ms, failure_rate, drop_rate, fault_seed);
}

/**
 * gq_demo_server_start:
 * @self: a #GqDemoServer
 * @host: (nullable): the address or name to bind, "127.0.0.1" if %NULL
 * @port: the port, or 0 for a free one
 * @error: return location for a #GError
 *
 * Loads or generates the data and starts listening on the server's own
 * thread. Returns once the server accepts connections, or failed to.
 *
 * Returns: %TRUE if the server is running
 */
gboolean
gq_demo_server_start (GqDemoServer  *self,
                      const char    *host,
                      guint          port,
                      GError       **error)
{
  GError *start_error;

  g_return_val_if_fail (GQ_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  g_free (self->host);
  self->host = g_strdup (host != NULL ? host : "127.0.0.1");
  self->requested_port = port;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->start_done = FALSE;

  self->thread = g_thread_new ("gq-demo-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->start_done)
    g_cond_wait (&self->cond, &self->mutex);
  start_error = g_steal_pointer (&self->start_error);
  g_mutex_unlock (&self->mutex);

  if (start_error != NULL)
    {
      g_propagate_error (error, start_error);
      gq_demo_server_stop (self);
      return FALSE;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);

  return TRUE;
}

/**
 * gq_demo_server_is_running:
 * @self: a #GqDemoServer
 *
 * Returns: whether the server was started and not stopped
 */
gboolean
gq_demo_server_is_running (GqDemoServer *self)
{
  g_return_val_if_fail (GQ_IS_DEMO_SERVER (self), FALSE);

  return self->thread != NULL;
}

/**
 * gq_demo_server_get_port:
 * @self: a #GqDemoServer
 *
 * Gets the port, safe from any thread.
 *
 * Returns: the port the server listens on, 0 when stopped
 */
guint
gq_demo_server_get_port (GqDemoServer *self)
{
  guint port;

  g_return_val_if_fail (GQ_IS_DEMO_SERVER (self), 0);

  g_mutex_lock (&self->mutex);
  port = self->port;
  g_mutex_unlock (&self->mutex);

  return port;
}

/**
 * gq_demo_server_dup_base_uri:
 * @self: a #GqDemoServer
 *
 * Gets the base URI, such as "http://127.0.0.1:3000/", safe from any
 * thread.
 *
 * Returns: (transfer full) (nullable): the base URI, %NULL when stopped
 */
char *
gq_demo_server_dup_base_uri (GqDemoServer *self)
{
  char *base_uri;

  g_return_val_if_fail (GQ_IS_DEMO_SERVER (self), NULL);

  g_mutex_lock (&self->mutex);
  base_uri = g_strdup (self->base_uri);
  g_mutex_unlock (&self->mutex);

  return base_uri;
}

/**
 * gq_demo_server_get_save_count:
 * @self: a #GqDemoServer
 *
 * Counts the writes of the data file since the server was created, the
 * one that creates it included.
 *
 * Returns: the number of saves
 */
guint
gq_demo_server_get_save_count (GqDemoServer *self)
{
  g_return_val_if_fail (GQ_IS_DEMO_SERVER (self), 0);

  return g_atomic_int_get (&self->save_count);
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/**
 * gq_demo_server_stop:
 * @self: a #GqDemoServer
 *
 * Closes every connection, writes pending changes to the data file and
 * ends the server thread. Does nothing when the server is stopped.
 */
void
gq_demo_server_stop (GqDemoServer *self)
{
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (GQ_IS_DEMO_SERVER (self));

  if (self->thread == NULL)
    return;

  /* A source rather than g_main_loop_quit: the loop may not run yet, and
   * a quit before g_main_loop_run would be lost. */
  source = g_idle_source_new ();
  g_source_set_callback (source, quit_loop, self->loop, NULL);
  g_source_attach (source, self->context);

  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  g_mutex_lock (&self->mutex);
  self->port = 0;
  g_clear_pointer (&self->base_uri, g_free);
  g_mutex_unlock (&self->mutex);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}
