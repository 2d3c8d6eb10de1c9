/* gq-demo-server.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GQ_DEMO_SERVER_ERROR (gq_demo_server_error_quark ())

/**
 * GqDemoServerError:
 * @GQ_DEMO_SERVER_ERROR_DATA_FILE: the data file could not be read, parsed or written
 * @GQ_DEMO_SERVER_ERROR_ADDRESS: the host is not an address or name that resolves
 *
 * Why [method@DemoServer.start] failed, besides the `G_IO_ERROR`s of binding.
 */
typedef enum
{
  GQ_DEMO_SERVER_ERROR_DATA_FILE,
  GQ_DEMO_SERVER_ERROR_ADDRESS,
} GqDemoServerError;

#define GQ_TYPE_DEMO_SERVER (gq_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (GqDemoServer, gq_demo_server, GQ, DEMO_SERVER, GObject)

GQuark        gq_demo_server_error_quark      (void);
GqDemoServer *gq_demo_server_new              (guint32        seed);
void          gq_demo_server_set_data_file    (GqDemoServer  *self,
                                               const char    *path);
const char   *gq_demo_server_get_data_file    (GqDemoServer  *self);
void          gq_demo_server_set_scale        (GqDemoServer  *self,
                                               guint          scale);
guint         gq_demo_server_get_scale        (GqDemoServer  *self);
guint32       gq_demo_server_get_seed         (GqDemoServer  *self);
void          gq_demo_server_set_save_delay   (GqDemoServer  *self,
                                               guint          delay_ms);
void          gq_demo_server_set_faults       (GqDemoServer  *self,
                                               guint          latency_ms,
                                               double         failure_rate,
                                               double         drop_rate,
                                               guint32        fault_seed);
gboolean      gq_demo_server_start            (GqDemoServer  *self,
                                               const char    *host,
                                               guint          port,
                                               GError       **error);
gboolean      gq_demo_server_is_running       (GqDemoServer  *self);
guint         gq_demo_server_get_port         (GqDemoServer  *self);
char         *gq_demo_server_dup_base_uri     (GqDemoServer  *self);
guint         gq_demo_server_get_save_count   (GqDemoServer  *self);
void          gq_demo_server_stop             (GqDemoServer  *self);

G_END_DECLS
