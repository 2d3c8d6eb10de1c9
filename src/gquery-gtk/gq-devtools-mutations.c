/* gq-devtools-mutations.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gq-devtools-json-private.h"
#include "gq-devtools-mutations-private.h"
#include "gq-devtools-private.h"

struct _GqDevtoolsMutations
{
  /* template */
  GtkWidget           *list;
  GtkWidget           *details;

  GListStore          *store;
  GtkSingleSelection  *selection;
  GHashTable          *items;            /* GqMutation → item */
  GqMutation          *selected;
  guint                counts[GQ_DEVTOOLS_MUTATIONS_N_COUNTS];
};

static const char *
status_name (GqMutation *mutation)
{
  GqMutationState *state = gq_mutation_get_state (mutation);

  if (gq_mutation_state_get_is_paused (state))
    return "paused";

  switch (gq_mutation_state_get_status (state))
    {
    case GQ_MUTATION_STATUS_PENDING: return "pending";
    case GQ_MUTATION_STATUS_ERROR:   return "error";
    case GQ_MUTATION_STATUS_SUCCESS: return "success";
    case GQ_MUTATION_STATUS_IDLE:
    default:                         return "idle";
    }
}

static const char *
status_label (GqMutation *mutation)
{
  const char *name = status_name (mutation);

  if (g_str_equal (name, "paused"))
    return C_("mutation status", "Paused");
  if (g_str_equal (name, "pending"))
    return C_("mutation status", "Pending");
  if (g_str_equal (name, "error"))
    return C_("mutation status", "Error");
  if (g_str_equal (name, "success"))
    return C_("mutation status", "Success");
  return C_("mutation status", "Idle");
}

static int
status_rank (GqMutation *mutation)
{
  const char *name = status_name (mutation);

  if (g_str_equal (name, "paused"))
    return 0;
  if (g_str_equal (name, "pending"))
    return 1;
  if (g_str_equal (name, "error"))
    return 2;
  return 3;
}

static int
compare_mutations (gconstpointer a,
                   gconstpointer b)
{
  GqMutation *x = gq_devtools_mutation_item_get_mutation (*(GqDevtoolsMutationItem **) a);
  GqMutation *y = gq_devtools_mutation_item_get_mutation (*(GqDevtoolsMutationItem **) b);
  gint64 sx = gq_mutation_state_get_submitted_at (gq_mutation_get_state (x));
  gint64 sy = gq_mutation_state_get_submitted_at (gq_mutation_get_state (y));
  int order = status_rank (x) - status_rank (y);

  if (order != 0)
    return order;
  return (sy > sx) - (sy < sx);
}

static char *
mutation_title (GqMutation *mutation)
{
  JsonNode *key = gq_mutation_get_mutation_key (mutation);
  g_autofree char *time =
    gq_devtools_format_time (gq_mutation_state_get_submitted_at (gq_mutation_get_state (mutation)));
  g_autofree char *key_text = NULL;

  if (key == NULL)
    return g_steal_pointer (&time);

  key_text = gq_devtools_json_to_string (key, FALSE);
  return g_strdup_printf ("%s - %s", key_text, time);
}

/* Details */

static void
append_section (GString    *markup,
                const char *title,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append_printf (markup, "<b>%s</b>\n<tt>%s</tt>\n\n", title, escaped);
}

static void
update_details (GqDevtoolsMutations *self)
{
  GqMutation *mutation = self->selected;
  GqMutationState *state;
  g_autoptr(GString) markup = NULL;
  g_autofree char *key = NULL;
  g_autofree char *variables = NULL;
  g_autofree char *data = NULL;
  g_autofree char *context = NULL;
  g_autofree char *error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *submitted = NULL;
  g_autofree char *failures = NULL;

  if (mutation == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->details),
                           _("Select a mutation to see its variables, data and error"));
      return;
    }

  state = gq_mutation_get_state (mutation);
  markup = g_string_new (NULL);
  key = gq_mutation_get_mutation_key (mutation)
          ? gq_devtools_json_to_string (gq_mutation_get_mutation_key (mutation), TRUE)
          : g_strdup (_("No mutation key"));
  variables = gq_devtools_json_to_string (gq_mutation_state_get_variables (state), TRUE);
  data = gq_devtools_json_to_string (gq_mutation_state_get_data (state), TRUE);
  context = gq_devtools_json_to_string (gq_mutation_state_get_context (state), TRUE);
  error = gq_mutation_state_get_error (state)
            ? gq_devtools_mask_text (gq_mutation_state_get_error (state)->message)
            : g_strdup (_("None"));
  reason = gq_mutation_state_get_failure_reason (state)
             ? gq_devtools_mask_text (gq_mutation_state_get_failure_reason (state)->message)
             : g_strdup (_("None"));
  submitted = gq_devtools_format_time (gq_mutation_state_get_submitted_at (state));
  failures = g_strdup_printf ("%u", gq_mutation_state_get_failure_count (state));

  append_section (markup, _("Mutation Key"), key);
  append_section (markup, _("Status"), status_label (mutation));
  append_section (markup, _("Submitted At"), submitted);
  append_section (markup, _("Paused"), gq_mutation_state_get_is_paused (state) ? _("Yes") : _("No"));
  append_section (markup, _("Failure Count"), failures);
  append_section (markup, _("Failure Reason"), reason);
  append_section (markup, _("Variables"), variables);
  append_section (markup, _("Context"), context);
  append_section (markup, _("Data"), data);
  append_section (markup, _("Error"), error);

  gtk_label_set_markup (GTK_LABEL (self->details), markup->str);
}

/* List */

void
gq_devtools_mutations_update (GqDevtoolsMutations *self,
                              GqMutationCache     *cache)
{
  g_autoptr(GPtrArray) all = gq_mutation_cache_get_all (cache);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) previous = g_steal_pointer (&self->items);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint selected = GTK_INVALID_LIST_POSITION;

  memset (self->counts, 0, sizeof self->counts);
  self->items = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  for (guint i = 0; i < all->len; i++)
    {
      GqMutation *mutation = g_ptr_array_index (all, i);
      GqDevtoolsMutationItem *item = g_hash_table_lookup (previous, mutation);
      const char *name = status_name (mutation);

      item = item ? g_object_ref (item) : gq_devtools_mutation_item_new (mutation);
      g_hash_table_insert (self->items, mutation, g_object_ref (item));
      g_ptr_array_add (items, item);

      if (g_str_equal (name, "paused"))
        self->counts[GQ_DEVTOOLS_MUTATIONS_PAUSED]++;
      else if (g_str_equal (name, "pending"))
        self->counts[GQ_DEVTOOLS_MUTATIONS_PENDING]++;
      else if (g_str_equal (name, "success"))
        self->counts[GQ_DEVTOOLS_MUTATIONS_SUCCESS]++;
      else if (g_str_equal (name, "error"))
        self->counts[GQ_DEVTOOLS_MUTATIONS_ERROR]++;
    }
  g_ptr_array_sort (items, compare_mutations);

  g_list_store_splice (self->store, 0, n, items->pdata, items->len);

  for (guint i = 0; i < items->len; i++)
    {
      GqDevtoolsMutationItem *item = g_ptr_array_index (items, i);

      gq_devtools_mutation_item_changed (item);
      if (gq_devtools_mutation_item_get_mutation (item) == self->selected)
        selected = i;
    }

  if (selected == GTK_INVALID_LIST_POSITION)
    g_clear_object (&self->selected);
  else
    gtk_single_selection_set_selected (self->selection, selected);

  update_details (self);
}

const guint *
gq_devtools_mutations_get_counts (GqDevtoolsMutations *self)
{
  return self->counts;
}

GListModel *
gq_devtools_mutations_get_rows (GqDevtoolsMutations *self)
{
  return G_LIST_MODEL (self->store);
}

static void
row_setup (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *failures = gtk_label_new (NULL);

  gtk_widget_add_css_class (badge, "gq-badge");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "gq-key");
  gtk_widget_add_css_class (failures, "dim-label");
  gtk_widget_add_css_class (failures, "caption");
  gtk_box_append (GTK_BOX (box), badge);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), failures);
  gtk_list_item_set_child (list_item, box);
}

static void
row_update (GtkListItem *list_item)
{
  GqDevtoolsMutationItem *item = gtk_list_item_get_item (list_item);
  GqMutation *mutation = gq_devtools_mutation_item_get_mutation (item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *badge = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_next_sibling (badge);
  GtkWidget *failures = gtk_widget_get_next_sibling (title);
  guint failure_count = gq_mutation_state_get_failure_count (gq_mutation_get_state (mutation));
  g_autofree char *text = mutation_title (mutation);
  g_autofree char *failure_text = NULL;

  gtk_label_set_label (GTK_LABEL (badge), status_label (mutation));
  gq_devtools_set_status_class (badge, status_name (mutation));
  gtk_label_set_label (GTK_LABEL (title), text);
  failure_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failure", "%u failures",
                                               failure_count), failure_count);
  gtk_label_set_label (GTK_LABEL (failures), failure_count > 0 ? failure_text : "");
}

static void
row_bind (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gulong id = g_signal_connect_swapped (item, "changed", G_CALLBACK (row_update), list_item);

  g_object_set_data (G_OBJECT (list_item), "gq-changed-id", GSIZE_TO_POINTER (id));
  row_update (list_item);
}

static void
on_selection_changed (GqDevtoolsMutations *self)
{
  GqDevtoolsMutationItem *item = gtk_single_selection_get_selected_item (self->selection);

  g_clear_object (&self->selected);
  if (item != NULL)
    self->selected = g_object_ref (gq_devtools_mutation_item_get_mutation (item));
  update_details (self);
}

/* Setup */

GqDevtoolsMutations *
gq_devtools_mutations_new (GqDevtools *devtools)
{
  GqDevtoolsMutations *self = g_new0 (GqDevtoolsMutations, 1);
  g_autoptr(GtkListItemFactory) factory = NULL;

  self->list = _gq_devtools_get_part (devtools, "mutation_list");
  self->details = _gq_devtools_get_part (devtools, "mutation_details");

  self->items = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->store = g_list_store_new (GQ_TYPE_DEVTOOLS_MUTATION_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->list), GTK_SELECTION_MODEL (self->selection));
  factory = gq_devtools_factory_new (G_CALLBACK (row_setup), G_CALLBACK (row_bind),
                                     G_CALLBACK (gq_devtools_row_unbind), self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->list), factory);

  return self;
}

void
gq_devtools_mutations_dispose (GqDevtoolsMutations *self)
{
  g_clear_object (&self->selection);
  g_clear_object (&self->selected);
}

void
gq_devtools_mutations_free (GqDevtoolsMutations *self)
{
  gq_devtools_mutations_dispose (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_free (self);
}
