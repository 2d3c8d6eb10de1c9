/* gq-infinite-list-scroll.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-infinite-list-scroll-private.h"

struct _GqInfiniteListScroll
{
  GtkAdjustment *adjustment;
  GCallback      moved;
  gpointer       user_data;
  /* The adjustment's upper bound when the items last changed. */
  double         upper_at_change;
  guint          awaiting_layout : 1;
};

GqInfiniteListScroll *
gq_infinite_list_scroll_new (GCallback moved,
                             gpointer  user_data)
{
  GqInfiniteListScroll *self = g_new0 (GqInfiniteListScroll, 1);

  self->moved = moved;
  self->user_data = user_data;

  return self;
}

void
gq_infinite_list_scroll_free (GqInfiniteListScroll *self)
{
  gq_infinite_list_scroll_set_adjustment (self, NULL);
  g_free (self);
}

GtkAdjustment *
gq_infinite_list_scroll_get_adjustment (GqInfiniteListScroll *self)
{
  return self->adjustment;
}

static void
on_adjustment_changed (GtkAdjustment        *adjustment,
                       GqInfiniteListScroll *self)
{
  ((void (*) (gpointer)) self->moved) (self->user_data);
}

/* The user scrolled: whatever the layout says now is what they see, so a
 * layout that left the upper bound where it was (rows that were hidden
 * behind a loading page) cannot stall loading. */
static void
on_adjustment_value_changed (GtkAdjustment        *adjustment,
                             GqInfiniteListScroll *self)
{
  self->awaiting_layout = FALSE;
  ((void (*) (gpointer)) self->moved) (self->user_data);
}

gboolean
gq_infinite_list_scroll_set_adjustment (GqInfiniteListScroll *self,
                                        GtkAdjustment        *adjustment)
{
  if (self->adjustment == adjustment)
    return FALSE;

  if (self->adjustment != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->adjustment, on_adjustment_changed, self);
      g_signal_handlers_disconnect_by_func (self->adjustment, on_adjustment_value_changed, self);
    }

  g_set_object (&self->adjustment, adjustment);

  if (adjustment != NULL)
    {
      g_signal_connect (adjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
      g_signal_connect (adjustment, "changed", G_CALLBACK (on_adjustment_changed), self);
    }

  return TRUE;
}

void
gq_infinite_list_scroll_items_changed (GqInfiniteListScroll *self)
{
  if (self->adjustment == NULL)
    return;

  self->awaiting_layout = TRUE;
  self->upper_at_change = gtk_adjustment_get_upper (self->adjustment);
}

gboolean
gq_infinite_list_scroll_is_near_end (GqInfiniteListScroll *self,
                                     guint                 n_items,
                                     guint                 load_ahead)
{
  double upper, end, row_height;

  if (self->adjustment == NULL || n_items == 0)
    return FALSE;

  upper = gtk_adjustment_get_upper (self->adjustment);
  end = gtk_adjustment_get_value (self->adjustment) + gtk_adjustment_get_page_size (self->adjustment);
  row_height = upper / n_items;

  /* An adjustment not allocated yet says nothing of what is visible. */
  if (upper <= 0 || gtk_adjustment_get_page_size (self->adjustment) <= 0)
    return FALSE;

  if (self->awaiting_layout && upper == self->upper_at_change)
    return FALSE;
  self->awaiting_layout = FALSE;

  return upper - end <= row_height * load_ahead + 0.5;
}
