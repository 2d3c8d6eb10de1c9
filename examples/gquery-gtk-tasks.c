/* gquery-gtk-tasks.c: an infinite list and a form, over the demo server.
 *
 *   cc gquery-gtk-tasks.c $(pkg-config --cflags --libs gquery-gtk-1) -o gquery-gtk-tasks
 *   ./gquery-gtk-tasks http://127.0.0.1:3000
 *
 * The list shows the open tasks, newest first, a page of 20 at a time:
 * scrolling near its end loads the next page. The form adds a task with a
 * mutation whose on-settled callback invalidates the list, which refetches.
 *
 * With --smoke (the test), it loads a second page, adds a task, waits for
 * it at the top of the list, prints "tasks shown: N" and quits.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <gquery-gtk.h>
#include <unistd.h>

typedef struct
{
  GtkApplication          *app;
  const char              *url;
  gboolean                 smoke;
  char                    *smoke_title;
  int                      status;

  GqQueryClient           *client;
  GqRestSource            *source;
  GqWindowFocus           *window_focus;
  GqInfiniteQueryObserver *tasks;
  GqInfiniteListModel     *model;
  GqMutationObserver      *add_task;

  GtkWidget               *entry;
  GtkWidget               *add_button;
  GtkWidget               *error_label;
} Tasks;

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkExpression *item = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
  GtkExpression *title = gq_json_item_expression_new (item, "title");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_expression_bind (title, label, "label", list_item);
  gtk_list_item_set_child (list_item, label);
}

static void
invalidate_tasks (GqMutation    *mutation,
                  JsonNode      *data,
                  const GError  *failure,
                  JsonNode      *variables,
                  JsonNode      *context,
                  gpointer       user_data,
                  GError       **error)
{
  Tasks *self = user_data;
  g_autoptr(JsonNode) prefix = gq_key_new ("tasks", NULL);
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (prefix);

  gq_query_client_invalidate_queries (self->client, filters);
}

static void
on_add_clicked (Tasks *self)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  g_autoptr(JsonNode) task = NULL;
  JsonObject *object;

  if (*title == '\0')
    return;

  object = json_object_new ();
  task = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  json_object_set_string_member (object, "title", title);
  json_object_set_boolean_member (object, "done", FALSE);
  json_object_set_int_member (object, "projectId", 1);
  json_object_set_int_member (object, "priority", 3);

  gq_mutation_observer_mutate (self->add_task, task, NULL, NULL, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

static void
on_add_task_changed (GqMutationObserver *observer,
                     GqMutationResult   *result,
                     Tasks              *self)
{
  const GError *error = gq_mutation_result_get_error (result);

  gtk_widget_set_sensitive (self->add_button, !gq_mutation_result_get_is_pending (result));
  gtk_label_set_text (GTK_LABEL (self->error_label), error ? error->message : "");
  gtk_widget_set_visible (self->error_label, error != NULL);
}

static void
smoke_step (Tasks *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autoptr(GqJsonItem) first = NULL;
  g_autofree char *title = NULL;

  if (n_items == 0)
    return;

  if (self->smoke_title == NULL)
    {
      if (gq_infinite_list_model_get_n_pages (self->model) < 2)
        {
          gq_infinite_list_model_load_more (self->model);
          return;
        }

      self->smoke_title = g_strdup_printf ("Smoke test task %d", (int) getpid ());
      gtk_editable_set_text (GTK_EDITABLE (self->entry), self->smoke_title);
      gtk_widget_activate (self->add_button);
      return;
    }

  first = g_list_model_get_item (G_LIST_MODEL (self->model), 0);
  title = gq_json_item_dup_string (first, "title");
  if (g_strcmp0 (title, self->smoke_title) == 0)
    {
      g_print ("tasks shown: %u, first: %s\n", n_items, title);
      self->status = 0;
      g_application_quit (G_APPLICATION (self->app));
    }
}

static gboolean
smoke_timeout (gpointer user_data)
{
  Tasks *self = user_data;

  g_printerr ("The smoke test timed out\n");
  g_application_quit (G_APPLICATION (self->app));

  return G_SOURCE_REMOVE;
}

static void
on_tasks_changed (GqQueryObserver *observer,
                  GqQueryResult   *result,
                  Tasks           *self)
{
  const GError *error = gq_query_result_get_error (result);

  if (error != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      if (self->smoke)
        {
          g_printerr ("%s\n", error->message);
          g_application_quit (G_APPLICATION (self->app));
        }
    }

  /* From an idle: the list model updates on this signal too. */
  if (self->smoke && !gq_query_result_get_is_fetching (result))
    g_idle_add_once ((GSourceOnceFunc) smoke_step, self);
}

static void
activate (GtkApplication *app,
          Tasks          *self)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *form = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *list_view;
  g_autoptr(JsonNode) key =
    gq_key_parse ("[\"tasks\", {\"done\": false, \"_sort\": \"id\", \"_order\": \"desc\"}]", NULL);
  g_autoptr(JsonNode) add_key = gq_key_new ("tasks", NULL);
  g_autoptr(GqInfiniteQueryOptions) options = NULL;
  g_autoptr(GqMutationOptions) add_options = NULL;

  self->window_focus = gq_window_focus_new (app, gq_query_client_get_focus_manager (self->client));

  /* The list: an infinite query over the REST source, flattened. */
  options = gq_infinite_query_options_new (key, NULL);
  gq_rest_source_setup_infinite_options (self->source, options);
  self->tasks = gq_infinite_query_observer_new (self->client, options);
  g_signal_connect (self->tasks, "changed", G_CALLBACK (on_tasks_changed), self);

  self->model = gq_infinite_list_model_new (self->tasks, "items");
  gq_infinite_list_model_set_load_ahead (self->model, 10);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  list_view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (
                                   g_object_ref (G_LIST_MODEL (self->model)))),
                                 factory);
  gtk_widget_add_css_class (list_view, "rich-list");
  gq_widget_bind_observer (list_view, GQ_QUERY_OBSERVER (self->tasks));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list_view);
  /* Load ahead by scroll position: GTK 4.8 builds rows far beyond the view. */
  gq_infinite_list_model_set_vadjustment (self->model,
                                          gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)));
  gtk_widget_set_vexpand (scrolled, TRUE);

  /* The form: a mutation that POSTs the task, then refetches the list. */
  add_options = gq_mutation_options_new (add_key);
  gq_rest_source_setup_mutation_options (self->source, add_options, "POST");
  gq_mutation_options_set_on_settled_func (add_options, invalidate_tasks, self, NULL);
  self->add_task = gq_mutation_observer_new (self->client, add_options);
  gq_mutation_observer_subscribe (self->add_task);
  g_signal_connect (self->add_task, "changed", G_CALLBACK (on_add_task_changed), self);

  self->entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), "New task");
  gtk_widget_set_hexpand (self->entry, TRUE);
  self->add_button = gtk_button_new_with_mnemonic ("_Add");
  gtk_widget_add_css_class (self->add_button, "suggested-action");
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_add_clicked), self);
  gtk_box_append (GTK_BOX (form), self->entry);
  gtk_box_append (GTK_BOX (form), self->add_button);
  gtk_widget_add_css_class (form, "toolbar");

  self->error_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);

  /* A spinner in the header while the next page loads. */
  g_object_bind_property (self->model, "loading-more", spinner, "spinning", G_BINDING_SYNC_CREATE);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), spinner);

  gtk_box_append (GTK_BOX (box), form);
  gtk_box_append (GTK_BOX (box), self->error_label);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_window_set_titlebar (GTK_WINDOW (window), header);
  gtk_window_set_title (GTK_WINDOW (window), "Open Tasks");
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 560);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  if (self->smoke)
    g_timeout_add_seconds (60, smoke_timeout, self);
}

int
main (int   argc,
      char *argv[])
{
  Tasks self = { .status = 0, .url = "http://127.0.0.1:3000" };

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--smoke"))
        self.smoke = TRUE;
      else
        self.url = argv[i];
    }
  if (g_getenv ("GQ_EXAMPLE_SMOKE") != NULL)
    self.smoke = TRUE;
  if (self.smoke)
    self.status = 1;   /* until the smoke test saw its task */

  self.client = gq_query_client_new ();
  self.source = gq_rest_source_new (self.url);
  gq_rest_source_install (self.source, self.client);
  gq_query_client_mount (self.client);

  self.app = gtk_application_new ("org.gnome.gquery.example.Tasks", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (self.app, "activate", G_CALLBACK (activate), &self);
  g_application_run (G_APPLICATION (self.app), 1, argv);

  if (self.add_task != NULL)
    gq_mutation_observer_unsubscribe (self.add_task);
  g_clear_object (&self.add_task);
  g_clear_object (&self.model);
  g_clear_object (&self.tasks);
  g_clear_object (&self.window_focus);
  g_clear_object (&self.app);
  gq_query_client_unmount (self.client);
  g_clear_object (&self.source);
  g_clear_object (&self.client);
  g_free (self.smoke_title);

  return self.status;
}
