/* gq-test-gtk.h: shared fixtures of the UI tests (run under Xvfb)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*GqTestGtkCondition) (gpointer user_data);

/* gtk_test_init plus the settings a test needs to look like a desktop. */
void     gq_test_gtk_init          (int                 *argc,
                                    char              ***argv);
/* Iterates the default main context until @condition holds or
 * @timeout_ms of wall-clock time pass; returns whether it held. Real
 * events (X11, sockets) need real time; engine timers in UI tests still go
 * through the client's scheduler. */
gboolean gq_test_gtk_wait_until    (GqTestGtkCondition   condition,
                                    gpointer             user_data,
                                    guint                timeout_ms);
/* Iterates until nothing is pending, and at least one frame was drawn
 * by every mapped window. */
void     gq_test_gtk_settle        (void);
/* Renders @widget (a window: with its decorations) to
 * $GQ_TEST_SCREENSHOT_DIR/@name.png (default: ./screenshots), and returns
 * the path. */
char    *gq_test_gtk_screenshot    (GtkWidget           *widget,
                                    const char          *name);
/* Presents @window and waits until it is mapped and active. */
void     gq_test_gtk_show_window   (GtkWindow           *window);
/* Destroys @window and waits until it is finalized. */
void     gq_test_gtk_destroy_window (GtkWindow          *window);

G_END_DECLS
