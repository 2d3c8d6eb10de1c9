/* gquery-gtk.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define GQ_GTK_INSIDE

#include <gquery.h>
#include <gtk/gtk.h>

#include "gq-devtools-window.h"
#include "gq-devtools.h"
#include "gq-infinite-list-model.h"
#include "gq-json-item.h"
#include "gq-json-list-model.h"
#include "gq-query-list-model.h"
#include "gq-widget-observer.h"
#include "gq-window-focus.h"

#undef GQ_GTK_INSIDE
