/* gq-devtools-header.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>

#include "gq-devtools-header-private.h"
#include "gq-devtools-mutations-private.h"
#include "gq-devtools-private.h"

struct _GqDevtoolsHeader
{
  /* template */
  GtkWidget       *counters;
  GtkWidget       *online_switch;

  GtkWidget       *query_counters;
  GtkWidget       *status_counts[GQ_DEVTOOLS_N_STATUSES];
  GtkWidget       *mutation_counters;
  GtkWidget       *mutation_counts[GQ_DEVTOOLS_MUTATIONS_N_COUNTS];

  GqOnlineManager *online;
  gulong           online_changed_id;
};

/* Counters */

static GtkWidget *
counter_new (const char  *label,
             const char  *status_class,
             GtkWidget  **count_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *name = gtk_label_new (label);
  GtkWidget *count = gtk_label_new ("0");

  gtk_widget_add_css_class (box, "gq-counter");
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_widget_add_css_class (dot, "gq-dot");
  gtk_widget_add_css_class (dot, status_class);
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  *count_out = count;

  return box;
}

/* Counters wrap onto more lines rather than run off a narrow pane. */
static GtkWidget *
counters_box_new (void)
{
  GtkWidget *box = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (box), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (box), 4);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 8);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "gq-counters");

  return box;
}

static void
build_counters (GqDevtoolsHeader *self)
{
  static const char * const mutation_classes[] = { "paused", "pending", "success", "error" };
  const char *mutation_labels[] = {
    C_("mutation status", "Paused"), C_("mutation status", "Pending"),
    C_("mutation status", "Success"), C_("mutation status", "Error"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (mutation_classes) == GQ_DEVTOOLS_MUTATIONS_N_COUNTS);

  self->query_counters = counters_box_new ();
  for (guint i = 0; i < GQ_DEVTOOLS_N_STATUSES; i++)
    gtk_flow_box_append (GTK_FLOW_BOX (self->query_counters),
                         counter_new (gq_devtools_status_label (i), gq_devtools_status_name (i),
                                      &self->status_counts[i]));

  self->mutation_counters = counters_box_new ();
  for (guint i = 0; i < GQ_DEVTOOLS_MUTATIONS_N_COUNTS; i++)
    gtk_flow_box_append (GTK_FLOW_BOX (self->mutation_counters),
                         counter_new (mutation_labels[i], mutation_classes[i],
                                      &self->mutation_counts[i]));
  gtk_widget_set_visible (self->mutation_counters, FALSE);

  gtk_box_append (GTK_BOX (self->counters), self->query_counters);
  gtk_box_append (GTK_BOX (self->counters), self->mutation_counters);
}

static void
set_counts (GtkWidget   **labels,
            const guint  *counts,
            guint         n_counts)
{
  for (guint i = 0; i < n_counts; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", counts[i]);
      gtk_label_set_label (GTK_LABEL (labels[i]), text);
    }
}

void
gq_devtools_header_set_query_counts (GqDevtoolsHeader *self,
                                     const guint      *counts)
{
  set_counts (self->status_counts, counts, GQ_DEVTOOLS_N_STATUSES);
}

void
gq_devtools_header_set_mutation_counts (GqDevtoolsHeader *self,
                                        const guint      *counts)
{
  set_counts (self->mutation_counts, counts, GQ_DEVTOOLS_MUTATIONS_N_COUNTS);
}

void
gq_devtools_header_show_mutations (GqDevtoolsHeader *self,
                                   gboolean          mutations)
{
  gtk_widget_set_visible (self->query_counters, !mutations);
  gtk_widget_set_visible (self->mutation_counters, mutations);
}

/* Online switch */

static void
sync_online (GqDevtoolsHeader *self)
{
  gboolean online = gq_online_manager_is_online (self->online);

  g_signal_handlers_block_matched (self->online_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_switch_set_active (GTK_SWITCH (self->online_switch), online);
  gtk_switch_set_state (GTK_SWITCH (self->online_switch), online);
  g_signal_handlers_unblock_matched (self->online_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static gboolean
on_online_switch_state_set (GqDevtoolsHeader *self,
                            gboolean          active)
{
  if (self->online == NULL)
    return TRUE;

  if (active)
    {
      /* Back to the network's own state; forced when the network monitor
       * itself says offline, as TanStack's toggle flips it. */
      gq_online_manager_unset_online (self->online);
      if (!gq_online_manager_is_online (self->online))
        gq_online_manager_set_online (self->online, TRUE);
    }
  else
    {
      gq_online_manager_set_online (self->online, FALSE);
    }

  sync_online (self);
  return TRUE;
}

void
gq_devtools_header_set_online_manager (GqDevtoolsHeader *self,
                                       GqOnlineManager  *online)
{
  g_return_if_fail (self->online == NULL);

  self->online = g_object_ref (online);
  self->online_changed_id = g_signal_connect_swapped (self->online, "changed",
                                                      G_CALLBACK (sync_online), self);
  sync_online (self);
}

/* Setup */

GqDevtoolsHeader *
gq_devtools_header_new (GqDevtools *devtools)
{
  GqDevtoolsHeader *self = g_new0 (GqDevtoolsHeader, 1);

  self->counters = _gq_devtools_get_part (devtools, "counters");
  self->online_switch = _gq_devtools_get_part (devtools, "online_switch");

  build_counters (self);
  g_signal_connect_swapped (self->online_switch, "state-set",
                            G_CALLBACK (on_online_switch_state_set), self);

  return self;
}

void
gq_devtools_header_dispose (GqDevtoolsHeader *self)
{
  g_clear_signal_handler (&self->online_changed_id, self->online);
}

void
gq_devtools_header_free (GqDevtoolsHeader *self)
{
  gq_devtools_header_dispose (self);
  g_clear_object (&self->online);
  g_free (self);
}
