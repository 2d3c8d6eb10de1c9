/* gq-retryer-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-types.h"

G_BEGIN_DECLS

typedef enum
{
  GQ_RETRYER_PENDING,
  GQ_RETRYER_RESOLVED,
  GQ_RETRYER_REJECTED,
} GqRetryerStatus;

typedef struct _GqRetryer GqRetryer;

typedef struct
{
  /* Starts one attempt and returns it (a new reference to a
   * GqFetchContext or a GqMutationContext); it ends with
   * _gq_retryer_attempt_done (). */
  gpointer        (*run)         (gpointer owner, GqRetryer *retryer);
  void            (*on_fail)     (gpointer owner, guint failure_count, const GError *error);
  void            (*on_pause)    (gpointer owner);
  void            (*on_continue) (gpointer owner);
  void            (*on_resolved) (gpointer owner, JsonNode *data);
  void            (*on_rejected) (gpointer owner, const GError *error);
  /* Called synchronously by _gq_retryer_cancel (). */
  void            (*on_cancel)   (gpointer owner, gboolean revert, gboolean silent);
  /* Scope check of mutations; NULL means always. */
  gboolean        (*can_run)     (gpointer owner);
  /* Retry policy of owners without query options (mutations); NULL: the
   * query options given to _gq_retryer_new (). */
  gboolean        (*should_retry) (gpointer owner, guint failure_count, const GError *error);
  gint64          (*retry_delay)  (gpointer owner, guint failure_count, const GError *error);
} GqRetryerCallbacks;

GqRetryer       *_gq_retryer_new             (const GqRetryerCallbacks *callbacks,
                                              gpointer                  owner,
                                              GqQueryOptions           *options,
                                              int                       default_retry,
                                              GqNetworkMode             network_mode,
                                              GqScheduler              *scheduler,
                                              GqFocusManager           *focus_manager,
                                              GqOnlineManager          *online_manager);
GqRetryer       *_gq_retryer_ref             (GqRetryer       *self);
void             _gq_retryer_unref           (GqRetryer       *self);
void             _gq_retryer_start           (GqRetryer       *self);
void             _gq_retryer_attempt_done    (GqRetryer       *self,
                                              gpointer         attempt,
                                              JsonNode        *data,
                                              const GError    *error);
void             _gq_retryer_cancel          (GqRetryer       *self,
                                              gboolean         revert,
                                              gboolean         silent);
void             _gq_retryer_cancel_retry    (GqRetryer       *self);
void             _gq_retryer_continue_retry  (GqRetryer       *self);
void             _gq_retryer_continue        (GqRetryer       *self);
gboolean         _gq_retryer_can_start       (GqRetryer       *self);
GqRetryerStatus  _gq_retryer_get_status      (GqRetryer       *self);
gpointer         _gq_retryer_get_attempt     (GqRetryer       *self);
/* Detach the owner: no more callbacks, the attempt is abandoned. */
void             _gq_retryer_detach          (GqRetryer       *self);

gboolean         _gq_network_mode_can_fetch  (GqNetworkMode    mode,
                                              GqOnlineManager *online_manager);
/* TanStack's defaultRetryDelay: MIN (1000 * 2^failure_count, 30000). */
gint64           _gq_retryer_default_delay   (guint            failure_count);
/* The longest Retry-After wait the engine honours, in milliseconds. */
#define _GQ_MAX_RETRY_AFTER ((gint64) 60 * 1000)
/* @delay, or longer when @error is an HTTP error whose server asked to
 * wait (Retry-After), up to _GQ_MAX_RETRY_AFTER. */
gint64           _gq_retryer_honour_retry_after (gint64        delay,
                                                 const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqRetryer, _gq_retryer_unref)

G_END_DECLS
