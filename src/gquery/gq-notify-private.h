/* gq-notify-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef void (*GqNotifyFlushFunc) (GObject *object);

/* Queues @flush (@object) for the next notification flush: one high
 * priority idle per main-loop iteration runs every queued flush, so
 * observers never emit from inside a cache update. @object is kept alive
 * until its flush ran. Callers queue an object at most once per flush. */
void _gq_notify_schedule (GObject           *object,
                          GqNotifyFlushFunc  flush);

G_END_DECLS
