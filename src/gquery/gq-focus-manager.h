/* gq-focus-manager.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_FOCUS_MANAGER (gq_focus_manager_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqFocusManager, gq_focus_manager, GQ, FOCUS_MANAGER, GObject)

GQ_AVAILABLE_IN_ALL
GqFocusManager *gq_focus_manager_new           (void);
GQ_AVAILABLE_IN_ALL
GqFocusManager *gq_focus_manager_get_default   (void);
GQ_AVAILABLE_IN_ALL
gboolean        gq_focus_manager_is_focused    (GqFocusManager *self);
GQ_AVAILABLE_IN_ALL
void            gq_focus_manager_set_focused   (GqFocusManager *self,
                                                gboolean        focused);
GQ_AVAILABLE_IN_ALL
void            gq_focus_manager_unset_focused (GqFocusManager *self);
GQ_AVAILABLE_IN_ALL
void            gq_focus_manager_focus_changed (GqFocusManager *self);

G_END_DECLS
