/* gq-online-manager.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_ONLINE_MANAGER (gq_online_manager_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqOnlineManager, gq_online_manager, GQ, ONLINE_MANAGER, GObject)

GQ_AVAILABLE_IN_ALL
GqOnlineManager *gq_online_manager_new                 (GNetworkMonitor *monitor);
GQ_AVAILABLE_IN_ALL
GqOnlineManager *gq_online_manager_get_default         (void);
GQ_AVAILABLE_IN_ALL
GNetworkMonitor *gq_online_manager_get_network_monitor (GqOnlineManager *self);
GQ_AVAILABLE_IN_ALL
gboolean         gq_online_manager_is_online           (GqOnlineManager *self);
GQ_AVAILABLE_IN_ALL
void             gq_online_manager_set_online          (GqOnlineManager *self,
                                                        gboolean         online);
GQ_AVAILABLE_IN_ALL
void             gq_online_manager_unset_online        (GqOnlineManager *self);

G_END_DECLS
