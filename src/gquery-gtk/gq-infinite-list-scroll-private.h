/* gq-infinite-list-scroll-private.h: where a view's scrolled window is,
 * for GqInfiniteListModel's look-ahead
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _GqInfiniteListScroll GqInfiniteListScroll;

GqInfiniteListScroll *gq_infinite_list_scroll_new            (GCallback             moved,
                                                              gpointer              user_data);
void                  gq_infinite_list_scroll_free           (GqInfiniteListScroll *self);
GtkAdjustment        *gq_infinite_list_scroll_get_adjustment (GqInfiniteListScroll *self);
/* Follows @adjustment; @moved (@user_data) runs whenever it moves or
 * changes. Returns FALSE if @adjustment was already followed. */
gboolean              gq_infinite_list_scroll_set_adjustment (GqInfiniteListScroll *self,
                                                              GtkAdjustment        *adjustment);
/* The number of items changed: until the view lays them out, its
 * adjustment describes the old ones. */
void                  gq_infinite_list_scroll_items_changed  (GqInfiniteListScroll *self);
/* Whether the visible area is within @load_ahead rows of the end of
 * @n_items rows, or does not fill the view; FALSE while nothing is known. */
gboolean              gq_infinite_list_scroll_is_near_end    (GqInfiniteListScroll *self,
                                                              guint                 n_items,
                                                              guint                 load_ahead);

G_END_DECLS
