/* gq-retryer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-retryer-private.h"
#include "gq-error.h"
#include "gq-fetch-context-private.h"
#include "gq-focus-manager.h"
#include "gq-mutation-context-private.h"
#include "gq-online-manager.h"
#include "gq-query-options-private.h"
#include "gq-scheduler.h"

/* TanStack's createRetryer: runs attempts, sleeps between failures through
 * the scheduler, and pauses while the window is unfocused or the network
 * is down, until continued. */

#define MAX_RETRY_DELAY ((gint64) 30 * 1000)

typedef enum
{
  AFTER_PAUSE_NOTHING,
  AFTER_PAUSE_RUN,
  AFTER_PAUSE_RETRY,
} AfterPause;

struct _GqRetryer
{
  gint                      ref_count;

  const GqRetryerCallbacks *callbacks;
  gpointer                  owner;
  GqQueryOptions           *options;
  int                       default_retry;
  GqNetworkMode             network_mode;
  GqScheduler              *scheduler;
  GqFocusManager           *focus_manager;
  GqOnlineManager          *online_manager;

  GqRetryerStatus           status;
  guint                     failure_count;
  gboolean                  is_retry_cancelled;
  GObject                  *attempt;
  guint                     sleep_id;
  GError                   *last_error;
  AfterPause                after_pause;
};

static void run (GqRetryer *self);

gboolean
_gq_network_mode_can_fetch (GqNetworkMode    mode,
                            GqOnlineManager *online_manager)
{
  if (mode != GQ_NETWORK_MODE_ONLINE)
    return TRUE;

  return gq_online_manager_is_online (online_manager);
}

gint64
_gq_retryer_default_delay (guint failure_count)
{
  gint64 delay = 1000;

  /* Doubling stops at the cap, so a huge failure count cannot overflow. */
  for (guint i = 0; i < failure_count && delay < MAX_RETRY_DELAY; i++)
    delay *= 2;

  return MIN (delay, MAX_RETRY_DELAY);
}

gint64
_gq_retryer_honour_retry_after (gint64        delay,
                                const GError *error)
{
  /* A server that said when to come back is not asked sooner; a wait
   * beyond the cap is not worth holding a fetch open for. */
  return MAX (delay, MIN (gq_http_error_get_retry_after (error), _GQ_MAX_RETRY_AFTER));
}

GqRetryer *
_gq_retryer_new (const GqRetryerCallbacks *callbacks,
                 gpointer                  owner,
                 GqQueryOptions           *options,
                 int                       default_retry,
                 GqNetworkMode             network_mode,
                 GqScheduler              *scheduler,
                 GqFocusManager           *focus_manager,
                 GqOnlineManager          *online_manager)
{
  GqRetryer *self = g_new0 (GqRetryer, 1);

  self->ref_count = 1;
  self->callbacks = callbacks;
  self->owner = owner;
  self->options = options ? g_object_ref (options) : NULL;
  self->default_retry = default_retry;
  self->network_mode = network_mode;
  self->scheduler = g_object_ref (scheduler);
  self->focus_manager = g_object_ref (focus_manager);
  self->online_manager = g_object_ref (online_manager);
  self->status = GQ_RETRYER_PENDING;

  return self;
}

GqRetryer *
_gq_retryer_ref (GqRetryer *self)
{
  self->ref_count++;
  return self;
}

static void
clear_sleep (GqRetryer *self)
{
  if (self->sleep_id != 0)
    {
      guint id = self->sleep_id;

      self->sleep_id = 0;
      gq_scheduler_remove (self->scheduler, id);
    }
}

static void
abandon_attempt (GqRetryer *self)
{
  if (self->attempt != NULL)
    {
      if (GQ_IS_FETCH_CONTEXT (self->attempt))
        _gq_fetch_context_abandon (GQ_FETCH_CONTEXT (self->attempt));
      else
        _gq_mutation_context_abandon (GQ_MUTATION_CONTEXT (self->attempt));
      g_clear_object (&self->attempt);
    }
}

void
_gq_retryer_unref (GqRetryer *self)
{
  if (--self->ref_count > 0)
    return;

  clear_sleep (self);
  abandon_attempt (self);
  g_clear_object (&self->options);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->focus_manager);
  g_clear_object (&self->online_manager);
  g_clear_error (&self->last_error);
  g_free (self);
}

void
_gq_retryer_detach (GqRetryer *self)
{
  self->owner = NULL;
  self->status = self->status == GQ_RETRYER_PENDING ? GQ_RETRYER_REJECTED : self->status;
  self->after_pause = AFTER_PAUSE_NOTHING;
  clear_sleep (self);
  abandon_attempt (self);
}

static gboolean
can_run (GqRetryer *self)
{
  if (self->callbacks->can_run == NULL || self->owner == NULL)
    return TRUE;

  return self->callbacks->can_run (self->owner);
}

gboolean
_gq_retryer_can_start (GqRetryer *self)
{
  return _gq_network_mode_can_fetch (self->network_mode, self->online_manager) &&
         can_run (self);
}

static gboolean
can_continue (GqRetryer *self)
{
  /* Focus counts in every mode: retries wait for a visible window even
   * with network mode "always". */
  return gq_focus_manager_is_focused (self->focus_manager) &&
         (self->network_mode == GQ_NETWORK_MODE_ALWAYS ||
          gq_online_manager_is_online (self->online_manager)) &&
         can_run (self);
}

static void
pause_retryer (GqRetryer  *self,
               AfterPause  after)
{
  self->after_pause = after;
  if (self->owner != NULL && self->callbacks->on_pause != NULL)
    self->callbacks->on_pause (self->owner);
}

static void
reject (GqRetryer    *self,
        const GError *error)
{
  if (self->status != GQ_RETRYER_PENDING)
    return;

  self->status = GQ_RETRYER_REJECTED;
  if (self->owner != NULL)
    self->callbacks->on_rejected (self->owner, error);
}

static void
after_sleep (GqRetryer *self)
{
  if (self->status != GQ_RETRYER_PENDING)
    return;

  if (!can_continue (self))
    {
      pause_retryer (self, AFTER_PAUSE_RETRY);
      return;
    }

  if (self->is_retry_cancelled)
    {
      g_autoptr(GError) error = g_steal_pointer (&self->last_error);
      reject (self, error);
      return;
    }

  run (self);
}

static void
sleep_done (gpointer data)
{
  GqRetryer *self = data;

  self->sleep_id = 0;
  after_sleep (self);
}

void
_gq_retryer_continue (GqRetryer *self)
{
  AfterPause after = self->after_pause;

  if (after == AFTER_PAUSE_NOTHING || self->status != GQ_RETRYER_PENDING)
    return;

  if (!can_continue (self))
    return;

  self->after_pause = AFTER_PAUSE_NOTHING;

  /* Keep ourselves alive: the owner may drop us from on_continue. */
  _gq_retryer_ref (self);

  if (self->owner != NULL && self->callbacks->on_continue != NULL)
    self->callbacks->on_continue (self->owner);

  if (self->status == GQ_RETRYER_PENDING)
    {
      if (after == AFTER_PAUSE_RETRY && self->is_retry_cancelled)
        {
          g_autoptr(GError) error = g_steal_pointer (&self->last_error);
          reject (self, error);
        }
      else
        run (self);
    }

  _gq_retryer_unref (self);
}

static void
run (GqRetryer *self)
{
  GObject *attempt;

  if (self->status != GQ_RETRYER_PENDING || self->owner == NULL)
    return;

  abandon_attempt (self);

  /* The function may cancel the fetch, and the owner drop us. */
  _gq_retryer_ref (self);
  attempt = self->callbacks->run (self->owner, self);
  if (self->status == GQ_RETRYER_PENDING && self->attempt == NULL)
    self->attempt = attempt;
  else if (attempt != NULL)
    g_object_unref (attempt);
  _gq_retryer_unref (self);
}

void
_gq_retryer_start (GqRetryer *self)
{
  if (_gq_retryer_can_start (self))
    run (self);
  else
    pause_retryer (self, AFTER_PAUSE_RUN);
}

void
_gq_retryer_attempt_done (GqRetryer    *self,
                          gpointer      context,
                          JsonNode     *data,
                          const GError *error)
{
  gboolean should_retry;
  gint64 delay;

  if (context != self->attempt || self->status != GQ_RETRYER_PENDING)
    return;

  g_clear_object (&self->attempt);

  _gq_retryer_ref (self);

  if (error == NULL)
    {
      self->status = GQ_RETRYER_RESOLVED;
      if (self->owner != NULL)
        self->callbacks->on_resolved (self->owner, data);
      _gq_retryer_unref (self);
      return;
    }

  /* TanStack computes the delay even when no retry follows: a delay
   * function sees every failure. */
  if (self->callbacks->retry_delay != NULL)
    delay = self->callbacks->retry_delay (self->owner, self->failure_count, error);
  else
    delay = _gq_query_options_compute_retry_delay (self->options, self->failure_count, error);

  if (self->callbacks->should_retry != NULL)
    should_retry = self->callbacks->should_retry (self->owner, self->failure_count, error);
  else
    should_retry = _gq_query_options_should_retry (self->options, self->failure_count,
                                                   error, self->default_retry);

  if (self->is_retry_cancelled || !should_retry)
    {
      reject (self, error);
      _gq_retryer_unref (self);
      return;
    }

  self->failure_count++;
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);

  if (self->owner != NULL && self->callbacks->on_fail != NULL)
    self->callbacks->on_fail (self->owner, self->failure_count, error);

  if (self->status == GQ_RETRYER_PENDING)
    self->sleep_id = gq_scheduler_add_timeout (self->scheduler, MAX (delay, 0),
                                               sleep_done, self, NULL);

  _gq_retryer_unref (self);
}

void
_gq_retryer_cancel (GqRetryer *self,
                    gboolean   revert,
                    gboolean   silent)
{
  if (self->status != GQ_RETRYER_PENDING)
    return;

  self->status = GQ_RETRYER_REJECTED;
  self->after_pause = AFTER_PAUSE_NOTHING;
  clear_sleep (self);
  abandon_attempt (self);

  if (self->owner != NULL && self->callbacks->on_cancel != NULL)
    self->callbacks->on_cancel (self->owner, revert, silent);
}

void
_gq_retryer_cancel_retry (GqRetryer *self)
{
  self->is_retry_cancelled = TRUE;
}

void
_gq_retryer_continue_retry (GqRetryer *self)
{
  self->is_retry_cancelled = FALSE;
}

GqRetryerStatus
_gq_retryer_get_status (GqRetryer *self)
{
  return self->status;
}

gpointer
_gq_retryer_get_attempt (GqRetryer *self)
{
  return self->attempt;
}
