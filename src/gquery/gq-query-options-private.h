/* gq-query-options-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-query-options.h"

G_BEGIN_DECLS

/* One bit per option in the set-mask: merging copies only what was set. */
typedef enum
{
  GQ_QUERY_OPTION_QUERY_KEY = 1,
  GQ_QUERY_OPTION_QUERY_HASH,
  GQ_QUERY_OPTION_ENABLED,
  GQ_QUERY_OPTION_STALE_TIME,
  GQ_QUERY_OPTION_GC_TIME,
  GQ_QUERY_OPTION_REFETCH_ON_MOUNT,
  GQ_QUERY_OPTION_REFETCH_ON_WINDOW_FOCUS,
  GQ_QUERY_OPTION_REFETCH_ON_RECONNECT,
  GQ_QUERY_OPTION_REFETCH_INTERVAL,
  GQ_QUERY_OPTION_REFETCH_INTERVAL_IN_BACKGROUND,
  GQ_QUERY_OPTION_RETRY,
  GQ_QUERY_OPTION_RETRY_DELAY,
  GQ_QUERY_OPTION_RETRY_ON_MOUNT,
  GQ_QUERY_OPTION_NETWORK_MODE,
  GQ_QUERY_OPTION_INITIAL_DATA,
  GQ_QUERY_OPTION_INITIAL_DATA_UPDATED_AT,
  GQ_QUERY_OPTION_PLACEHOLDER_DATA,
  GQ_QUERY_OPTION_KEEP_PREVIOUS_DATA,
  GQ_QUERY_OPTION_STRUCTURAL_SHARING,
  GQ_QUERY_OPTION_META,
  /* function-valued options (no property) */
  GQ_QUERY_OPTION_QUERY_FUNC,
  GQ_QUERY_OPTION_SELECT_FUNC,
  GQ_QUERY_OPTION_RETRY_FUNC,
  GQ_QUERY_OPTION_RETRY_DELAY_FUNC,
  GQ_QUERY_OPTION_PLACEHOLDER_FUNC,
  GQ_QUERY_OPTION_STALE_TIME_FUNC,
  GQ_QUERY_OPTION_REFETCH_INTERVAL_FUNC,
  GQ_QUERY_OPTION_LAST
} GqQueryOption;

/* A function option with its data. Copies of an options object share the
 * box, so the user data is destroyed once, when the last copy lets go, and
 * "same function" checks (select and placeholder memos) still hold across
 * merges. */
typedef struct _GqOptionClosure GqOptionClosure;

struct _GqOptionClosure
{
  gatomicrefcount ref_count;
  GCallback       func;
  gpointer        user_data;
  GDestroyNotify  destroy;
};

GqOptionClosure *_gq_option_closure_new   (GCallback        func,
                                           gpointer         user_data,
                                           GDestroyNotify   destroy);
GqOptionClosure *_gq_option_closure_ref   (GqOptionClosure *closure);
void             _gq_option_closure_unref (GqOptionClosure *closure);
/* Same function and user data (either may be NULL). */
gboolean         _gq_option_closure_same  (GqOptionClosure *a,
                                           GqOptionClosure *b);

/* The client whose defaults @self holds already (TanStack's _defaulted,
 * per client), or NULL; compared only, never dereferenced. A field, not
 * qdata: every query keeps defaulted options. */
gpointer        _gq_query_options_get_defaulted_by         (GqQueryOptions *self);
void            _gq_query_options_set_defaulted_by         (GqQueryOptions *self,
                                                            gpointer        client);
gboolean        _gq_query_options_is_set                   (GqQueryOptions *self,
                                                            GqQueryOption   option);
void            _gq_query_options_unset                    (GqQueryOptions *self,
                                                            GqQueryOption   option);
/* A new options object: @base (nullable) with every option set in @over
 * applied on top. Closures are shared, not copied, so identity compares. */
GqQueryOptions *_gq_query_options_merge                    (GqQueryOptions *base,
                                                            GqQueryOptions *over);
/* Applies every option set in @over onto @self in place. */
void            _gq_query_options_apply                    (GqQueryOptions *self,
                                                            GqQueryOptions *over);
/* TRUE if a and b have the same set options with the same values, the
 * closures compared by function and data pointer (TanStack's shallow
 * comparison of option objects). */
gboolean        _gq_query_options_shallow_equal            (GqQueryOptions *a,
                                                            GqQueryOptions *b);

gboolean        _gq_query_options_has_query_func           (GqQueryOptions *self);
void            _gq_query_options_call_query_func          (GqQueryOptions *self,
                                                            GqFetchContext *context);

gboolean        _gq_query_options_has_select               (GqQueryOptions *self);
/* Returns (transfer full) the select output; NULL if the function returned NULL. */
JsonNode       *_gq_query_options_call_select              (GqQueryOptions *self,
                                                            JsonNode       *data);
/* Same function and user data: a select memo still holds. */
gboolean        _gq_query_options_same_select              (GqQueryOptions *a,
                                                            GqQueryOptions *b);

/* Placeholder: the placeholder-data value, the placeholder func, or
 * keep-previous-data (identity on @previous_data), in that order of
 * precedence (func > keep-previous > value). Returns (transfer full) or NULL. */
gboolean        _gq_query_options_has_placeholder          (GqQueryOptions *self);
JsonNode       *_gq_query_options_get_placeholder          (GqQueryOptions *self,
                                                            JsonNode       *previous_data,
                                                            GqQuery        *previous_query);
gboolean        _gq_query_options_same_placeholder         (GqQueryOptions *a,
                                                            GqQueryOptions *b);

/* Retry policy: the retry func if set; else retry -1 means forever, else
 * failure_count < retry, where an unset retry means @default_retry. */
gboolean        _gq_query_options_should_retry             (GqQueryOptions *self,
                                                            guint           failure_count,
                                                            const GError   *error,
                                                            int             default_retry);
/* The retry-delay func if set; else retry-delay if set (>= 0), else
 * MIN (1000 * 2^failure_count, 30000), and at least the error's
 * Retry-After (_gq_retryer_honour_retry_after). */
gint64          _gq_query_options_compute_retry_delay      (GqQueryOptions *self,
                                                            guint           failure_count,
                                                            const GError   *error);
/* The stale-time func if set, else stale-time (default 0). */
gint64          _gq_query_options_resolve_stale_time       (GqQueryOptions *self,
                                                            GqQuery        *query);
/* The refetch-interval func if set, else refetch-interval (0 = off). */
gint64          _gq_query_options_resolve_refetch_interval (GqQueryOptions *self,
                                                            GqQuery        *query);
/* refetch-on-reconnect if set, else NEVER when network-mode is ALWAYS and
 * IF_STALE otherwise. */
GqRefetchMode   _gq_query_options_resolve_refetch_on_reconnect (GqQueryOptions *self);

G_END_DECLS
