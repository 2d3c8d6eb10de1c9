/* gq-browser-window-private.h: what the UI tests reach inside the window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-browser-window.h"

G_BEGIN_DECLS

GtkColumnView           *_gq_browser_window_get_column_view     (GqBrowserWindow *self);
GtkScrolledWindow       *_gq_browser_window_get_list_scroller   (GqBrowserWindow *self);
GtkListBox              *_gq_browser_window_get_sidebar_list    (GqBrowserWindow *self);
GtkSearchEntry          *_gq_browser_window_get_search_entry    (GqBrowserWindow *self);
const char              *_gq_browser_window_get_visible_page    (GqBrowserWindow *self);
const char              *_gq_browser_window_get_collection      (GqBrowserWindow *self);
GqInfiniteQueryObserver *_gq_browser_window_get_list_observer   (GqBrowserWindow *self);
GqQueryObserver         *_gq_browser_window_get_detail_observer (GqBrowserWindow *self);
GListModel              *_gq_browser_window_get_records         (GqBrowserWindow *self);
JsonNode                *_gq_browser_window_get_record          (GqBrowserWindow *self,
                                                                 guint            position);
const char              *_gq_browser_window_get_last_toast      (GqBrowserWindow *self);
const char              *_gq_browser_window_get_error_text      (GqBrowserWindow *self);
gboolean                 _gq_browser_window_get_offline_shown   (GqBrowserWindow *self);
const char              *_gq_browser_window_get_pending_text    (GqBrowserWindow *self);
gboolean                 _gq_browser_window_get_devtools_shown (GqBrowserWindow *self);
GtkWindow               *_gq_browser_window_get_form            (GqBrowserWindow *self);
void                     _gq_browser_window_select_collection   (GqBrowserWindow *self,
                                                                 const char      *collection);

G_END_DECLS
