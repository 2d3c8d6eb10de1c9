/* gq-persist-controller.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-persist-controller.h"
#include "gq-dehydrate-options.h"
#include "gq-enum-types.h"
#include "gq-hydrate-options.h"
#include "gq-hydration-private.h"
#include "gq-mutation-cache.h"
#include "gq-persister.h"
#include "gq-query-cache.h"
#include "gq-query-client.h"
#include "gq-scheduler.h"

/**
 * GqPersistController:
 *
 * Keeps a client's cache across runs of the application: TanStack Query's
 * `persistQueryClient`, as an object.
 *
 * [method@Gq.PersistController.restore_async] reads what the
 * [iface@Gq.Persister] stored and hydrates the client with it, unless it
 * is older than [property@Gq.PersistController:max-age] or was written
 * with another [property@Gq.PersistController:buster], in which case it
 * is removed. From then on, every change of the query cache and the
 * mutation cache (a query or mutation added, removed or updated) saves
 * the client, at most once per
 * [property@Gq.PersistController:throttle-time], through the client's
 * [class@Gq.Scheduler]. Call [method@Gq.PersistController.flush_async]
 * when the application quits: it saves at once, and completes when the
 * save is on disk. Nothing is saved before the first restore completes,
 * so the stored cache is never replaced before it was read.
 *
 * What is saved is [func@Gq.dehydrate]'s output with the controller's
 * [property@Gq.PersistController:dehydrate-options], except that by
 * default every mutation that has not settled is kept, running or paused,
 * and not only paused ones: a mutation that was in flight when the
 * application was killed comes back paused, and is sent again when paused
 * mutations are resumed, with the same idempotency key, so a server that
 * honours the key applies it once. Restored mutations find their mutation
 * function in the client's mutation defaults
 * ([method@Gq.QueryClient.set_mutation_defaults]), which must be set
 * before restoring; with
 * [property@Gq.PersistController:resume-paused-mutations], the
 * controller resumes them once restored (which waits while offline).
 *
 * The stored document is `{"format": "gquery-persist", "version": 1,
 * "timestamp": ms, "buster": "...", "clientState": <dehydrated>}`.
 * Restoring reports what it cannot use as an error of
 * [method@Gq.PersistController.restore_finish] and a warning, never a
 * crash, and starts from an empty cache:
 *
 * - a corrupt or truncated document, one that is not a gquery cache, or
 *   one whose client state is malformed is removed, as TanStack does;
 * - a document written by a newer gquery (a greater format version) is
 *   kept, and saving is suspended: it may hold changes that only the
 *   newer version can send, and overwriting it would lose them. Each save
 *   then fails with [error@Gq.PersistError.NEWER_VERSION] (see
 *   [signal@Gq.PersistController::save-failed]) until a restore finds no
 *   newer document, for instance after the application removed it.
 *
 * A save that fails (a full disk, a folder that cannot be written) leaves
 * the stored document as it was, touches nothing in memory, and is
 * reported by [signal@Gq.PersistController::save-failed]; the next change
 * saves again.
 */

#define PERSIST_FORMAT "gquery-persist"
#define DEFAULT_MAX_AGE (24 * 60 * 60 * 1000)
#define DEFAULT_THROTTLE_TIME 1000

struct _GqPersistController
{
  GObject             parent_instance;

  GqQueryClient      *client;
  GqPersister        *persister;
  gint64              max_age;
  char               *buster;
  gint64              throttle_time;
  GqDehydrateOptions *dehydrate_options;
  GqHydrateOptions   *hydrate_options;
  gboolean            resume_paused_mutations;

  gulong              query_handler;
  gulong              mutation_handler;
  guint               throttle_id;

  guint               restoring;
  gboolean            restored_once;
  gboolean            hydrating;
  gboolean            dirty;

  gboolean            saving;
  gboolean            save_again;
  /* Flush tasks awaiting the save in flight, and the next one. */
  GPtrArray          *current_waiters;
  GPtrArray          *next_waiters;
  /* Set while a newer version's document is stored: saving would lose
   * it. */
  GError             *suspended;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PERSISTER,
  PROP_MAX_AGE,
  PROP_BUSTER,
  PROP_THROTTLE_TIME,
  PROP_DEHYDRATE_OPTIONS,
  PROP_HYDRATE_OPTIONS,
  PROP_RESUME_PAUSED_MUTATIONS,
  PROP_IS_RESTORING,
  N_PROPS
};

enum {
  SAVED,
  SAVE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqPersistController, gq_persist_controller, G_TYPE_OBJECT)

static void request_save (GqPersistController *self);

static GqScheduler *
get_scheduler (GqPersistController *self)
{
  return gq_query_client_get_scheduler (self->client);
}

/* Saving */

static void
on_throttle (gpointer data)
{
  GqPersistController *self = data;

  self->throttle_id = 0;
  request_save (self);
}

static void
clear_throttle (GqPersistController *self)
{
  if (self->throttle_id != 0)
    {
      guint id = self->throttle_id;

      self->throttle_id = 0;
      gq_scheduler_remove (get_scheduler (self), id);
    }
}

/* TanStack's throttle: the first change arms the timer, later ones ride
 * on it, and the save writes the cache as it is when the timer fires. */
static void
schedule_save (GqPersistController *self)
{
  if (self->hydrating)
    return;

  if (self->restoring > 0 || !self->restored_once)
    {
      self->dirty = TRUE;
      return;
    }

  if (self->throttle_id == 0)
    self->throttle_id = gq_scheduler_add_timeout (get_scheduler (self),
                                                  MAX (self->throttle_time, 0),
                                                  on_throttle, self, NULL);
}

static void
on_cache_event (GObject             *cache,
                GqCacheEventType     type,
                GObject             *entry,
                GObject             *observer,
                GqPersistController *self)
{
  if (type == GQ_CACHE_EVENT_ADDED ||
      type == GQ_CACHE_EVENT_REMOVED ||
      type == GQ_CACHE_EVENT_UPDATED)
    schedule_save (self);
}

static JsonNode *
build_persisted (GqPersistController *self)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonNode *state;

  state = _gq_dehydrate_with_default (self->client, self->dehydrate_options,
                                      _gq_mutation_is_unsettled);

  json_object_set_string_member (object, "format", PERSIST_FORMAT);
  json_object_set_int_member (object, "version", GQ_PERSIST_FORMAT_VERSION);
  json_object_set_int_member (object, "timestamp", gq_scheduler_now (get_scheduler (self)));
  json_object_set_string_member (object, "buster", self->buster);
  json_object_set_member (object, "clientState", state);
  json_node_take_object (node, object);
  json_node_seal (node);

  return node;
}

static void
complete_waiters (GPtrArray    *waiters,
                  const GError *error)
{
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }

  g_ptr_array_set_size (waiters, 0);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GqPersistController) self = user_data;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  waiters = g_steal_pointer (&self->current_waiters);
  self->current_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  if (!gq_persister_save_finish (GQ_PERSISTER (source), result, &error))
    g_signal_emit (self, signals [SAVE_FAILED], 0, error);
  else
    g_signal_emit (self, signals [SAVED], 0);

  complete_waiters (waiters, error);

  if (self->save_again)
    {
      self->save_again = FALSE;
      request_save (self);
    }
}

static void
request_save (GqPersistController *self)
{
  g_autoptr(JsonNode) persisted = NULL;
  GPtrArray *waiters;

  if (self->saving)
    {
      self->save_again = TRUE;
      return;
    }

  /* The flushes asked for so far are answered by this save. */
  waiters = self->current_waiters;
  self->current_waiters = self->next_waiters;
  self->next_waiters = waiters;

  if (self->suspended != NULL)
    {
      g_autoptr(GPtrArray) failed = g_steal_pointer (&self->current_waiters);

      self->current_waiters = g_ptr_array_new_with_free_func (g_object_unref);
      g_signal_emit (self, signals [SAVE_FAILED], 0, self->suspended);
      complete_waiters (failed, self->suspended);
      return;
    }

  persisted = build_persisted (self);
  self->saving = TRUE;
  gq_persister_save_async (self->persister, persisted, NULL, on_saved, g_object_ref (self));
}

/* Restoring */

/* The string member @name, or NULL if it is absent or not a string. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

typedef enum
{
  VERDICT_RESTORE,
  VERDICT_DISCARD,        /* expired or busted: removed, quietly */
  VERDICT_BAD,            /* removed, reported */
  VERDICT_NEWER,          /* kept, reported; saving suspended */
} Verdict;

/* TanStack's `Date.now () - timestamp > maxAge`; a time before the epoch
 * is nonsense, and subtracting it could overflow. */
static gboolean
is_expired (GqPersistController *self,
            gint64               timestamp)
{
  gint64 now = gq_scheduler_now (get_scheduler (self));

  if (self->max_age == GQ_TIME_INFINITE)
    return FALSE;

  return timestamp < 0 || (now > timestamp && now - timestamp > self->max_age);
}

static Verdict
judge (GqPersistController  *self,
       JsonNode             *persisted,
       const char           *where,
       JsonNode            **client_state,
       GError              **error)
{
  JsonObject *object;
  JsonNode *member;
  gint64 version;
  gint64 timestamp;
  const char *buster;

  *client_state = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (persisted) ||
      g_strcmp0 (string_member (json_node_get_object (persisted), "format"), PERSIST_FORMAT) != 0)
    {
      g_set_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_FOREIGN,
                   "“%s” is not a gquery cache", where);
      return VERDICT_BAD;
    }

  object = json_node_get_object (persisted);

  member = json_object_get_member (object, "version");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_INT64 ||
      (version = json_node_get_int (member)) < 1)
    {
      g_set_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT,
                   "The cache “%s” is corrupt: it has no valid format version", where);
      return VERDICT_BAD;
    }

  if (version > GQ_PERSIST_FORMAT_VERSION)
    {
      g_set_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_NEWER_VERSION,
                   "The cache “%s” was written by a newer version of gquery "
                   "(format version %" G_GINT64_FORMAT ", this one reads version %d); "
                   "it is left as it is and the cache is not saved",
                   where, version, GQ_PERSIST_FORMAT_VERSION);
      return VERDICT_NEWER;
    }

  member = json_object_get_member (object, "timestamp");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_INT64)
    {
      g_set_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT,
                   "The cache “%s” is corrupt: it has no timestamp", where);
      return VERDICT_BAD;
    }
  timestamp = json_node_get_int (member);

  buster = string_member (object, "buster");
  if (buster == NULL)
    buster = "";

  if (is_expired (self, timestamp) || g_strcmp0 (buster, self->buster) != 0)
    return VERDICT_DISCARD;

  member = json_object_get_member (object, "clientState");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      g_set_error (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT,
                   "The cache “%s” is corrupt: it has no client state", where);
      return VERDICT_BAD;
    }

  *client_state = member;

  return VERDICT_RESTORE;
}

static void
finish_restore (GqPersistController *self,
                GTask               *task,
                GError              *error)
{
  g_assert (self->restoring > 0);

  self->restoring--;
  self->restored_once = TRUE;

  if (self->restoring == 0)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IS_RESTORING]);

      /* Changes made while restoring: save them. */
      if (self->dirty)
        {
          self->dirty = FALSE;
          schedule_save (self);
        }
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GqPersistController *self = g_task_get_source_object (task);
  GError *reported = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!gq_persister_remove_finish (GQ_PERSISTER (source), result, &error))
    g_warning ("Could not discard the persisted cache: %s", error->message);

  g_task_set_task_data (task, NULL, NULL);
  finish_restore (self, task, reported);
}

/* Removes what is stored, then completes the restore with @error
 * (nullable, taken). */
static void
discard (GqPersistController *self,
         GTask               *task,
         GError              *error)
{
  g_task_set_task_data (task, error, NULL);
  gq_persister_remove_async (self->persister, NULL, on_removed, g_object_ref (task));
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GqPersistController *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) persisted = NULL;
  g_autofree char *where = gq_persister_describe (self->persister);
  GError *error = NULL;
  JsonNode *client_state;
  Verdict verdict;

  persisted = gq_persister_restore_finish (self->persister, result, &error);

  if (error != NULL)
    {
      /* Unreadable: a corrupt document goes, one we cannot read (its
       * permissions) stays for the user to look at. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not restore the persisted cache: %s", error->message);
      if (g_error_matches (error, GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT))
        discard (self, task, error);
      else
        finish_restore (self, task, error);
      return;
    }

  g_clear_error (&self->suspended);

  if (persisted == NULL)
    {
      finish_restore (self, task, NULL);
      return;
    }

  verdict = judge (self, persisted, where, &client_state, &error);

  if (verdict == VERDICT_RESTORE)
    {
      self->hydrating = TRUE;
      gq_hydrate (self->client, client_state, self->hydrate_options, &error);
      self->hydrating = FALSE;

      if (error != NULL)
        {
          GError *corrupt = g_error_new (GQ_PERSIST_ERROR, GQ_PERSIST_ERROR_CORRUPT,
                                         "The cache “%s” is corrupt: %s", where, error->message);

          g_clear_error (&error);
          error = corrupt;
          verdict = VERDICT_BAD;
        }
    }

  switch (verdict)
    {
    case VERDICT_RESTORE:
      if (self->resume_paused_mutations &&
          gq_mutation_cache_get_size (gq_query_client_get_mutation_cache (self->client)) > 0)
        gq_query_client_resume_paused_mutations_async (self->client, NULL, NULL, NULL);
      finish_restore (self, task, NULL);
      break;

    case VERDICT_DISCARD:
      discard (self, task, NULL);
      break;

    case VERDICT_BAD:
      g_warning ("Discarding the persisted cache: %s", error->message);
      discard (self, task, error);
      break;

    case VERDICT_NEWER:
      g_warning ("%s", error->message);
      self->suspended = g_error_copy (error);
      finish_restore (self, task, error);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* GObject */

static void
gq_persist_controller_constructed (GObject *object)
{
  GqPersistController *self = (GqPersistController *)object;

  G_OBJECT_CLASS (gq_persist_controller_parent_class)->constructed (object);

  g_assert (GQ_IS_QUERY_CLIENT (self->client));
  g_assert (GQ_IS_PERSISTER (self->persister));

  self->query_handler =
    g_signal_connect (gq_query_client_get_query_cache (self->client), "event",
                      G_CALLBACK (on_cache_event), self);
  self->mutation_handler =
    g_signal_connect (gq_query_client_get_mutation_cache (self->client), "event",
                      G_CALLBACK (on_cache_event), self);
}

static void
gq_persist_controller_dispose (GObject *object)
{
  GqPersistController *self = (GqPersistController *)object;

  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->query_handler, gq_query_client_get_query_cache (self->client));
      g_clear_signal_handler (&self->mutation_handler, gq_query_client_get_mutation_cache (self->client));
      clear_throttle (self);
    }

  if (self->next_waiters != NULL && self->next_waiters->len > 0)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "The persist controller was dropped");
      complete_waiters (self->next_waiters, error);
    }

  G_OBJECT_CLASS (gq_persist_controller_parent_class)->dispose (object);
}

static void
gq_persist_controller_finalize (GObject *object)
{
  GqPersistController *self = (GqPersistController *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->persister);
  g_clear_pointer (&self->buster, g_free);
  g_clear_object (&self->dehydrate_options);
  g_clear_object (&self->hydrate_options);
  g_clear_pointer (&self->current_waiters, g_ptr_array_unref);
  g_clear_pointer (&self->next_waiters, g_ptr_array_unref);
  g_clear_error (&self->suspended);

  G_OBJECT_CLASS (gq_persist_controller_parent_class)->finalize (object);
}

static void
gq_persist_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GqPersistController *self = GQ_PERSIST_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_PERSISTER:
      g_value_set_object (value, self->persister);
      break;

    case PROP_MAX_AGE:
      g_value_set_int64 (value, self->max_age);
      break;

    case PROP_BUSTER:
      g_value_set_string (value, self->buster);
      break;

    case PROP_THROTTLE_TIME:
      g_value_set_int64 (value, self->throttle_time);
      break;

    case PROP_DEHYDRATE_OPTIONS:
      g_value_set_object (value, self->dehydrate_options);
      break;

    case PROP_HYDRATE_OPTIONS:
      g_value_set_object (value, self->hydrate_options);
      break;

    case PROP_RESUME_PAUSED_MUTATIONS:
      g_value_set_boolean (value, self->resume_paused_mutations);
      break;

    case PROP_IS_RESTORING:
      g_value_set_boolean (value, self->restoring > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_persist_controller_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GqPersistController *self = GQ_PERSIST_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_PERSISTER:
      self->persister = g_value_dup_object (value);
      break;

    case PROP_MAX_AGE:
      gq_persist_controller_set_max_age (self, g_value_get_int64 (value));
      break;

    case PROP_BUSTER:
      gq_persist_controller_set_buster (self, g_value_get_string (value));
      break;

    case PROP_THROTTLE_TIME:
      gq_persist_controller_set_throttle_time (self, g_value_get_int64 (value));
      break;

    case PROP_DEHYDRATE_OPTIONS:
      gq_persist_controller_set_dehydrate_options (self, g_value_get_object (value));
      break;

    case PROP_HYDRATE_OPTIONS:
      gq_persist_controller_set_hydrate_options (self, g_value_get_object (value));
      break;

    case PROP_RESUME_PAUSED_MUTATIONS:
      gq_persist_controller_set_resume_paused_mutations (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_persist_controller_class_init (GqPersistControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = gq_persist_controller_constructed;
  object_class->dispose = gq_persist_controller_dispose;
  object_class->finalize = gq_persist_controller_finalize;
  object_class->get_property = gq_persist_controller_get_property;
  object_class->set_property = gq_persist_controller_set_property;

  /**
   * GqPersistController:client:
   *
   * The client whose cache is kept.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         GQ_TYPE_QUERY_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GqPersistController:persister:
   *
   * Where the cache is kept.
   */
  properties [PROP_PERSISTER] =
    g_param_spec_object ("persister", NULL, NULL,
                         GQ_TYPE_PERSISTER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GqPersistController:max-age:
   *
   * How old, in milliseconds, a stored cache may be and still be
   * restored; an older one is removed. %GQ_TIME_INFINITE keeps
   * every stored cache. Defaults to 24 hours.
   */
  properties [PROP_MAX_AGE] =
    g_param_spec_int64 ("max-age", NULL, NULL,
                        0, G_MAXINT64, DEFAULT_MAX_AGE, flags);

  /**
   * GqPersistController:buster:
   *
   * A string saved with the cache; a stored cache saved with another
   * buster is removed instead of restored. Change it when the shape of
   * the application's data changes. Defaults to the empty string.
   */
  properties [PROP_BUSTER] =
    g_param_spec_string ("buster", NULL, NULL, "", flags);

  /**
   * GqPersistController:throttle-time:
   *
   * The shortest time, in milliseconds, between two saves caused by
   * changes of the cache. Defaults to 1000.
   */
  properties [PROP_THROTTLE_TIME] =
    g_param_spec_int64 ("throttle-time", NULL, NULL,
                        0, G_MAXINT64, DEFAULT_THROTTLE_TIME, flags);

  /**
   * GqPersistController:dehydrate-options:
   *
   * What is saved. Functions it leaves unset fall back to the client's
   * default dehydrate options, then to the defaults, except that every
   * unsettled mutation is kept by default.
   */
  properties [PROP_DEHYDRATE_OPTIONS] =
    g_param_spec_object ("dehydrate-options", NULL, NULL,
                         GQ_TYPE_DEHYDRATE_OPTIONS, flags);

  /**
   * GqPersistController:hydrate-options:
   *
   * How what is restored is built, see [func@Gq.hydrate].
   */
  properties [PROP_HYDRATE_OPTIONS] =
    g_param_spec_object ("hydrate-options", NULL, NULL,
                         GQ_TYPE_HYDRATE_OPTIONS, flags);

  /**
   * GqPersistController:resume-paused-mutations:
   *
   * Whether a restore that brought mutations back resumes the paused
   * mutations ([method@Gq.QueryClient.resume_paused_mutations_async]):
   * at once if online, else when the client, mounted, comes back online.
   * Defaults to %TRUE.
   */
  properties [PROP_RESUME_PAUSED_MUTATIONS] =
    g_param_spec_boolean ("resume-paused-mutations", NULL, NULL, TRUE, flags);

  /**
   * GqPersistController:is-restoring:
   *
   * Whether a restore runs: the cache is not yet what it will be.
   */
  properties [PROP_IS_RESTORING] =
    g_param_spec_boolean ("is-restoring", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GqPersistController::saved:
   * @self: the controller
   *
   * Emitted when a save reached the persister's storage.
   */
  signals [SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  /**
   * GqPersistController::save-failed:
   * @self: the controller
   * @error: why
   *
   * Emitted when a save failed. What was stored before is intact, the
   * cache in memory is untouched, and the next change saves again.
   */
  signals [SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_ERROR);
}

static void
gq_persist_controller_init (GqPersistController *self)
{
  self->max_age = DEFAULT_MAX_AGE;
  self->buster = g_strdup ("");
  self->throttle_time = DEFAULT_THROTTLE_TIME;
  self->resume_paused_mutations = TRUE;
  self->current_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * gq_persist_controller_new:
 * @client: the client whose cache is kept
 * @persister: where it is kept, such as a [class@Gq.FilePersister]
 *
 * Creates a controller. It saves nothing until
 * [method@Gq.PersistController.restore_async] has run once; keep it as
 * long as the client.
 *
 * Returns: (transfer full): a new controller
 */
GqPersistController *
gq_persist_controller_new (GqQueryClient *client,
                           GqPersister   *persister)
{
  g_return_val_if_fail (GQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (GQ_IS_PERSISTER (persister), NULL);

  return g_object_new (GQ_TYPE_PERSIST_CONTROLLER,
                       "client", client,
                       "persister", persister,
                       NULL);
}

/**
 * gq_persist_controller_get_client:
 * @self: a controller
 *
 * Gets the client whose cache is kept.
 *
 * Returns: (transfer none): the client
 */
GqQueryClient *
gq_persist_controller_get_client (GqPersistController *self)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), NULL);

  return self->client;
}

/**
 * gq_persist_controller_get_persister:
 * @self: a controller
 *
 * Gets where the cache is kept.
 *
 * Returns: (transfer none): the persister
 */
GqPersister *
gq_persist_controller_get_persister (GqPersistController *self)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), NULL);

  return self->persister;
}

/**
 * gq_persist_controller_get_max_age:
 * @self: a controller
 *
 * Gets [property@Gq.PersistController:max-age].
 *
 * Returns: the age in milliseconds
 */
gint64
gq_persist_controller_get_max_age (GqPersistController *self)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), 0);

  return self->max_age;
}

/**
 * gq_persist_controller_set_max_age:
 * @self: a controller
 * @max_age: the age in milliseconds
 *
 * Sets [property@Gq.PersistController:max-age].
 */
void
gq_persist_controller_set_max_age (GqPersistController *self,
                                   gint64               max_age)
{
  g_return_if_fail (GQ_IS_PERSIST_CONTROLLER (self));
  g_return_if_fail (max_age >= 0);

  if (self->max_age != max_age)
    {
      self->max_age = max_age;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_AGE]);
    }
}

/**
 * gq_persist_controller_get_buster:
 * @self: a controller
 *
 * Gets [property@Gq.PersistController:buster].
 *
 * Returns: the buster
 */
const char *
gq_persist_controller_get_buster (GqPersistController *self)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), NULL);

  return self->buster;
}

/**
 * gq_persist_controller_set_buster:
 * @self: a controller
 * @buster: (nullable): the buster; %NULL is the empty string
 *
 * Sets [property@Gq.PersistController:buster].
 */
void
gq_persist_controller_set_buster (GqPersistController *self,
                                  const char          *buster)
{
  g_return_if_fail (GQ_IS_PERSIST_CONTROLLER (self));

  if (buster == NULL)
    buster = "";

  if (g_strcmp0 (self->buster, buster) != 0)
    {
      g_free (self->buster);
      self->buster = g_strdup (buster);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSTER]);
    }
}

/**
 * gq_persist_controller_get_throttle_time:
 * @self: a controller
 *
 * Gets [property@Gq.PersistController:throttle-time].
 *
 * Returns: the time in milliseconds
 */
gint64
gq_persist_controller_get_throttle_time (GqPersistController *self)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), 0);

  return self->throttle_time;
}

/**
 * gq_persist_controller_set_throttle_time:
 * @self: a controller
 * @throttle_time: the time in milliseconds
 *
 * Sets [property@Gq.PersistController:throttle-time]. A save already
 * scheduled keeps its time.
 */
void
gq_persist_controller_set_throttle_time (GqPersistController *self,
                                         gint64               throttle_time)
{
  g_return_if_fail (GQ_IS_PERSIST_CONTROLLER (self));
  g_return_if_fail (throttle_time >= 0);

  if (self->throttle_time != throttle_time)
    {
      self->throttle_time = throttle_time;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_THROTTLE_TIME]);
    }
}

/**
 * gq_persist_controller_get_dehydrate_options:
 * @self: a controller
 *
 * Gets [property@Gq.PersistController:dehydrate-options].
 *
 * Returns: (transfer none) (nullable): the options
 */
GqDehydrateOptions *
gq_persist_controller_get_dehydrate_options (GqPersistController *self)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), NULL);

  return self->dehydrate_options;
}

/**
 * gq_persist_controller_set_dehydrate_options:
 * @self: a controller
 * @options: (nullable): the options
 *
 * Sets [property@Gq.PersistController:dehydrate-options].
 */
void
gq_persist_controller_set_dehydrate_options (GqPersistController *self,
                                             GqDehydrateOptions  *options)
{
  g_return_if_fail (GQ_IS_PERSIST_CONTROLLER (self));
  g_return_if_fail (options == NULL || GQ_IS_DEHYDRATE_OPTIONS (options));

  if (g_set_object (&self->dehydrate_options, options))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEHYDRATE_OPTIONS]);
}

/**
 * gq_persist_controller_get_hydrate_options:
 * @self: a controller
 *
 * Gets [property@Gq.PersistController:hydrate-options].
 *
 * Returns: (transfer none) (nullable): the options
 */
GqHydrateOptions *
gq_persist_controller_get_hydrate_options (GqPersistController *self)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), NULL);

  return self->hydrate_options;
}

/**
 * gq_persist_controller_set_hydrate_options:
 * @self: a controller
 * @options: (nullable): the options
 *
 * Sets [property@Gq.PersistController:hydrate-options].
 */
void
gq_persist_controller_set_hydrate_options (GqPersistController *self,
                                           GqHydrateOptions    *options)
{
  g_return_if_fail (GQ_IS_PERSIST_CONTROLLER (self));
  g_return_if_fail (options == NULL || GQ_IS_HYDRATE_OPTIONS (options));

  if (g_set_object (&self->hydrate_options, options))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HYDRATE_OPTIONS]);
}

/**
 * gq_persist_controller_get_resume_paused_mutations:
 * @self: a controller
 *
 * Gets [property@Gq.PersistController:resume-paused-mutations].
 *
 * Returns: whether a restore resumes paused mutations
 */
gboolean
gq_persist_controller_get_resume_paused_mutations (GqPersistController *self)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), FALSE);

  return self->resume_paused_mutations;
}

/**
 * gq_persist_controller_set_resume_paused_mutations:
 * @self: a controller
 * @resume: whether a restore resumes paused mutations
 *
 * Sets [property@Gq.PersistController:resume-paused-mutations].
 */
void
gq_persist_controller_set_resume_paused_mutations (GqPersistController *self,
                                                   gboolean             resume)
{
  g_return_if_fail (GQ_IS_PERSIST_CONTROLLER (self));

  resume = !!resume;
  if (self->resume_paused_mutations != resume)
    {
      self->resume_paused_mutations = resume;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RESUME_PAUSED_MUTATIONS]);
    }
}

/**
 * gq_persist_controller_get_is_restoring:
 * @self: a controller
 *
 * Gets [property@Gq.PersistController:is-restoring].
 *
 * Returns: whether a restore runs
 */
gboolean
gq_persist_controller_get_is_restoring (GqPersistController *self)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), FALSE);

  return self->restoring > 0;
}

/**
 * gq_persist_controller_restore_async:
 * @self: a controller
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (closure user_data): called once the client
 *   is restored, or the stored cache discarded
 * @user_data: data for @callback
 *
 * Restores the client from the persister, TanStack's
 * `persistQueryClientRestore`, then saves the changes made while it ran;
 * from then on, changes are saved. Call it once the client's mutation
 * defaults are set, when the application starts.
 */
void
gq_persist_controller_restore_async (GqPersistController *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GQ_IS_PERSIST_CONTROLLER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_persist_controller_restore_async);

  if (self->restoring++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IS_RESTORING]);

  gq_persister_restore_async (self->persister, cancellable, on_restored, task);
}

/**
 * gq_persist_controller_restore_finish:
 * @self: a controller
 * @result: the result given to the callback
 * @error: where to put why the stored cache could not be used
 *
 * Completes [method@Gq.PersistController.restore_async]. Finding nothing
 * stored, or a cache too old or with another buster, is not an error; a
 * stored cache that cannot be used is, in the [error@Gq.PersistError]
 * domain or an I/O error of the persister. In every case the controller
 * goes on saving (except over a newer version's cache).
 *
 * Returns: %TRUE, or %FALSE with @error set if the stored cache could not
 *   be used
 */
gboolean
gq_persist_controller_restore_finish (GqPersistController  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * gq_persist_controller_flush_async:
 * @self: a controller
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (closure user_data): called once the cache is
 *   saved
 * @user_data: data for @callback
 *
 * Saves the client now, without waiting for the throttle; after a save
 * in flight if there is one. Call it when the application quits, and keep
 * the main loop running until it completes.
 */
void
gq_persist_controller_flush_async (GqPersistController *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GQ_IS_PERSIST_CONTROLLER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_persist_controller_flush_async);
  g_ptr_array_add (self->next_waiters, task);

  clear_throttle (self);
  request_save (self);
}

/**
 * gq_persist_controller_flush_finish:
 * @self: a controller
 * @result: the result given to the callback
 * @error: where to put why the cache was not saved
 *
 * Completes [method@Gq.PersistController.flush_async].
 *
 * Returns: %TRUE if the cache is saved
 */
gboolean
gq_persist_controller_flush_finish (GqPersistController  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (GQ_IS_PERSIST_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
