/* bench.h: what the workloads of gquery-bench share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gquery.h>

G_BEGIN_DECLS

typedef struct
{
  /* 10 with --quick, else 1: every count is divided by it except those
   * WORKLOADS.md keeps (invalidate's groups, observe's observers and
   * rounds, the page size, the dedupe timer). */
  guint       divisor;
  const char *http_base;
} BenchConfig;

/* One workload's figures, printed as one JSON object in the order added. */
typedef struct
{
  GString  *json;
  gint64    checksum;
  gint64    expected;
  gboolean  has_expected;
  char     *skipped;
} BenchResult;

typedef gboolean (*BenchWorkloadFunc) (const BenchConfig  *config,
                                       BenchResult        *result,
                                       GError            **error);

void     bench_result_init      (BenchResult *result,
                                 const char  *workload);
void     bench_result_clear     (BenchResult *result);
void     bench_result_add_int   (BenchResult *result,
                                 const char  *field,
                                 gint64       value);
/* Rounded to 0.1 (nanosecond figures). */
void     bench_result_add_ns    (BenchResult *result,
                                 const char  *field,
                                 double       ns);
/* Rounded to 0.001 (millisecond figures). */
void     bench_result_add_ms    (BenchResult *result,
                                 const char  *field,
                                 double       ms);
void     bench_result_set_checksum (BenchResult *result,
                                    gint64       checksum);
void     bench_result_expect    (BenchResult *result,
                                 gint64       expected);

/* A monotonic clock, in nanoseconds. */
gint64   bench_now_ns           (void);
/* The process's peak resident set size so far, in kilobytes. */
gint64   bench_peak_rss_kb      (void);
void     bench_warn             (const char *format,
                                 ...) G_GNUC_PRINTF (1, 2);

/* A client as the peer's: gc time infinite, no retries, mounted. */
GqQueryClient *bench_client_new   (void);
/* Clears, unmounts and releases @client, then runs what that scheduled. */
void           bench_client_free  (GqQueryClient *client);

/* Runs the main context until *@done is set. */
void     bench_iterate_until    (const gboolean *done);
/* Runs whatever the main context has ready, until nothing is. */
void     bench_iterate_pending  (void);

/* Keys and data built as an application would, from json-glib calls. */
JsonNode *bench_key_string_int  (const char *first,
                                 gint64      second);

gboolean bench_hash        (const BenchConfig *config, BenchResult *result, GError **error);
gboolean bench_populate    (const BenchConfig *config, BenchResult *result, GError **error);
gboolean bench_invalidate  (const BenchConfig *config, BenchResult *result, GError **error);
gboolean bench_share       (const BenchConfig *config, BenchResult *result, GError **error);
gboolean bench_observe     (const BenchConfig *config, BenchResult *result, GError **error);
gboolean bench_infinite    (const BenchConfig *config, BenchResult *result, GError **error);
gboolean bench_dedupe      (const BenchConfig *config, BenchResult *result, GError **error);
gboolean bench_http        (const BenchConfig *config, BenchResult *result, GError **error);

G_END_DECLS
