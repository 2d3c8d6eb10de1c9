/* gquery-bench-gtk.c: the GTK layer under load, an infinite list of a
 * million rows in a GtkListView
 *
 * Usage: gquery-bench-gtk [--quick] [--rows N] [--scroll-frames N]
 *                         [model|append|scroll ...]
 *
 * Run it on a display, as the UI tests run: build-aux/xvfb-test.sh
 * build/bench/gquery-bench-gtk. A GqInfiniteListModel over a
 * GqInfiniteQueryObserver whose query function answers pages of 50
 * synthetic records at once (in process, no HTTP) grows page by page to
 * --rows rows (1 000 000; --quick 20 000):
 *
 * - model: no view; the engine's and the model's cost per append, and the
 *   heap per row (the model's own bytes counted on a second model);
 * - append: a GtkListView in a GtkScrolledWindow in a real window; the
 *   main-loop time from a page's resolution to the model's items-changed
 *   handled and to the next frame drawn, and the RSS per row;
 * - scroll: the same window, the vertical adjustment moved from top to
 *   bottom one step per frame from a tick callback; the frame clock's
 *   frame intervals and the work of each frame.
 *
 * One JSON object per line on stdout, then the process's peak RSS;
 * diagnostics on stderr.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "bench.h"

#include <gquery-gtk.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_SIZE 50
/* A frame that does not come within this after an append is counted as
 * missing rather than waited for. */
#define FRAME_WAIT_MS 500

typedef struct
{
  guint                    n_pages;
  gint64                   resolved_ns;

  GqQueryClient           *client;
  GqInfiniteQueryObserver *observer;
  GqInfiniteListModel     *model;

  /* One append, as it goes through the engine, the model and the view. */
  gint64                   changed_ns;
  gint64                   announced_ns;
  gint64                   handled_ns;
  gint64                   painted_ns;
  gint64                   paint_began_ns;
  gint64                   frame_work_ns;
  gboolean                 handled;
  gboolean                 painted;

  GtkWidget               *window;
  GtkWidget               *scrolled;
  GtkWidget               *list_view;
  GdkFrameClock           *frame_clock;
  gboolean                 subscribed;
} Bench;

typedef struct
{
  gboolean quick;
  guint    rows;
  guint    scroll_frames;
} Config;

/* ---- the synthetic source --------------------------------------------- */

/* Page p: records {"id", "name", "value"} p*50 .. p*50+49, resolved
 * before the function returns. */
static void
query_func (GqFetchContext *context,
            gpointer        user_data)
{
  Bench *bench = user_data;
  gint64 p = json_node_get_int (gq_fetch_context_get_page_param (context));
  JsonArray *page = json_array_sized_new (PAGE_SIZE);
  JsonNode *node;

  for (gint64 j = 0; j < PAGE_SIZE; j++)
    {
      JsonObject *record = json_object_new ();
      gint64 id = p * PAGE_SIZE + j;
      char name[32];

      g_snprintf (name, sizeof name, "Record %" G_GINT64_FORMAT, id);
      json_object_set_int_member (record, "id", id);
      json_object_set_string_member (record, "name", name);
      json_object_set_double_member (record, "value", id / 4.0);
      json_array_add_object_element (page, record);
    }

  node = json_node_init_array (json_node_alloc (), page);
  json_array_unref (page);
  bench->resolved_ns = bench_now_ns ();
  gq_fetch_context_resolve (context, node);
  json_node_unref (node);
}

static JsonNode *
next_page_param (JsonNode *page,
                 JsonNode *all_pages,
                 JsonNode *page_param,
                 JsonNode *all_page_params,
                 gpointer  user_data)
{
  Bench *bench = user_data;
  gint64 last = json_node_get_int (page_param);

  if (last + 1 >= bench->n_pages)
    return NULL;

  return json_node_init_int (json_node_alloc (), last + 1);
}

/* ---- timestamps ------------------------------------------------------- */

static void
on_observer_changed (GqQueryObserver *observer,
                     GqQueryResult   *result,
                     Bench           *bench)
{
  bench->changed_ns = bench_now_ns ();
}

/* Connected before any view: the model has done its part when it
 * announces the change. */
static void
on_items_changed_first (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Bench      *bench)
{
  bench->announced_ns = bench_now_ns ();
}

/* Connected after: every handler, the view's too, has run. */
static void
on_items_changed_last (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Bench      *bench)
{
  bench->handled_ns = bench_now_ns ();
  bench->handled = TRUE;
  bench->painted = FALSE;
}

static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->paint_began_ns = bench_now_ns ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = bench_now_ns ();

  bench->frame_work_ns = now - bench->paint_began_ns;
  if (bench->handled && !bench->painted)
    {
      bench->painted_ns = now;
      bench->painted = TRUE;
    }
}

/* ---- figures ---------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The @q quantile of @values (sorted in place), nearest rank. */
static double
quantile (GArray *values,
          double  q)
{
  guint rank;

  if (values->len == 0)
    return 0;

  g_array_sort (values, compare_doubles);
  rank = (guint) (q * values->len + 0.999999);
  rank = CLAMP (rank, 1, values->len);

  return g_array_index (values, double, rank - 1);
}

static guint
count_above (GArray *values,
             double  limit)
{
  guint count = 0;

  for (guint i = 0; i < values->len; i++)
    if (g_array_index (values, double, i) > limit)
      count++;

  return count;
}

static void
add_spread (BenchResult *result,
            const char  *prefix,
            GArray      *values,
            double       scale)
{
  g_autofree char *median = g_strconcat (prefix, "_median", NULL);
  g_autofree char *p99 = g_strconcat (prefix, "_p99", NULL);
  g_autofree char *max = g_strconcat (prefix, "_max", NULL);

  bench_result_add_ms (result, median, quantile (values, 0.5) * scale);
  bench_result_add_ms (result, p99, quantile (values, 0.99) * scale);
  bench_result_add_ms (result, max, quantile (values, 1.0) * scale);
}

static void
print_result (BenchResult *result)
{
  printf ("%s}\n", result->json->str);
  fflush (stdout);
  bench_result_clear (result);
}

static gint64
rss_kb (void)
{
  long resident = 0;
  FILE *statm;

  malloc_trim (0);
  statm = fopen ("/proc/self/statm", "r");
  if (statm == NULL)
    return 0;
  if (fscanf (statm, "%*d %ld", &resident) != 1)
    resident = 0;
  fclose (statm);

  return (gint64) resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static gint64
heap_bytes (void)
{
  struct mallinfo2 info;

  malloc_trim (0);
  info = mallinfo2 ();
  return (gint64) info.uordblks + (gint64) info.hblkhd;
}

/* ---- the query and the model ------------------------------------------ */

static void
bench_setup (Bench        *bench,
             const Config *config)
{
  g_autoptr(JsonNode) key = gq_key_new ("bench-gtk", NULL);
  g_autoptr(JsonNode) first = json_node_init_int (json_node_alloc (), 0);
  g_autoptr(GqInfiniteQueryOptions) options = gq_infinite_query_options_new (key, first);

  memset (bench, 0, sizeof *bench);
  bench->n_pages = config->rows / PAGE_SIZE;
  bench->client = bench_client_new ();

  gq_query_options_set_query_func (GQ_QUERY_OPTIONS (options), query_func, bench, NULL);
  gq_query_options_set_stale_time (GQ_QUERY_OPTIONS (options), GQ_TIME_INFINITE);
  gq_infinite_query_options_set_get_next_page_param_func (options, next_page_param, bench, NULL);

  bench->observer = gq_infinite_query_observer_new (bench->client, options);
  /* Before the model's handler, which is connected when it is built. */
  g_signal_connect (bench->observer, "changed", G_CALLBACK (on_observer_changed), bench);

  bench->model = gq_infinite_list_model_new (bench->observer, NULL);
  g_signal_connect (bench->model, "items-changed", G_CALLBACK (on_items_changed_first), bench);
  g_signal_connect_after (bench->model, "items-changed", G_CALLBACK (on_items_changed_last), bench);
}

static void
bench_teardown (Bench *bench)
{
  if (bench->window != NULL)
    gtk_window_destroy (GTK_WINDOW (bench->window));
  if (bench->subscribed)
    gq_query_observer_unsubscribe (GQ_QUERY_OBSERVER (bench->observer));
  g_clear_object (&bench->model);
  g_clear_object (&bench->observer);
  bench_client_free (bench->client);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main context until *@flag is set, or @timeout_ms passed.
 * Returns whether it was set. */
static gboolean
iterate_until (const gboolean *flag,
               guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add (timeout_ms, set_flag_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);

  return *flag;
}

/* Starts the next page, once the model's last request finished. */
static gboolean
start_next_page (Bench *bench)
{
  bench->handled = FALSE;
  bench->painted = FALSE;

  for (guint i = 0; !gq_infinite_list_model_load_more (bench->model); i++)
    {
      if (!gq_infinite_list_model_get_has_more (bench->model) || i > 100000)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }

  return TRUE;
}

static gboolean
wait_first_page (Bench *bench)
{
  bench->handled = FALSE;
  return iterate_until (&bench->handled, 10000);
}

static guint
n_rows (Bench *bench)
{
  return g_list_model_get_n_items (G_LIST_MODEL (bench->model));
}

/* ---- model: no view --------------------------------------------------- */

static gboolean
run_model (const Config *config)
{
  Bench bench;
  BenchResult result;
  g_autoptr(GArray) engine = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) model = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 heap_before, heap_grown, heap_second, heap_items;
  guint rows;
  gint64 t0, t1;

  bench_setup (&bench, config);
  heap_before = heap_bytes ();
  gq_query_observer_subscribe (GQ_QUERY_OBSERVER (bench.observer));
  bench.subscribed = TRUE;
  if (!wait_first_page (&bench))
    {
      bench_warn ("model: the first page did not come");
      bench_teardown (&bench);
      return FALSE;
    }

  t0 = bench_now_ns ();
  while (gq_infinite_list_model_get_n_pages (bench.model) < bench.n_pages)
    {
      double v;

      if (!start_next_page (&bench) || !iterate_until (&bench.handled, 10000))
        break;
      v = bench.changed_ns - bench.resolved_ns;
      g_array_append_val (engine, v);
      v = bench.announced_ns - bench.changed_ns;
      g_array_append_val (model, v);
      v = bench.handled_ns - bench.resolved_ns;
      g_array_append_val (total, v);
    }
  t1 = bench_now_ns ();
  rows = n_rows (&bench);

  /* The model's own memory: a second one over the same pages; its items
   * are made when a view asks for them, so counted apart. */
  heap_grown = heap_bytes ();
  {
    g_autoptr(GqInfiniteListModel) second = gq_infinite_list_model_new (bench.observer, NULL);

    heap_second = heap_bytes ();
    for (guint i = 0; i < rows; i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (second), i));
    heap_items = heap_bytes ();
  }

  bench_result_init (&result, "gtk-model");
  bench_result_add_int (&result, "rows", rows);
  bench_result_add_int (&result, "appends", total->len);
  bench_result_add_ms (&result, "ms_total", (t1 - t0) / 1e6);
  /* Engine: the page's resolution to the observer's changed. */
  add_spread (&result, "engine_us", engine, 1e-3);
  /* Model: changed to items-changed, the model's own work per append. */
  add_spread (&result, "model_us", model, 1e-3);
  add_spread (&result, "append_us", total, 1e-3);
  bench_result_add_int (&result, "heap_bytes_per_row", (heap_grown - heap_before) / MAX (rows, 1));
  bench_result_add_int (&result, "model_bytes_per_row", (heap_second - heap_grown) / MAX (rows, 1));
  bench_result_add_int (&result, "item_bytes_per_row", (heap_items - heap_second) / MAX (rows, 1));
  print_result (&result);

  bench_teardown (&bench);
  return rows == config->rows;
}

/* ---- the window ------------------------------------------------------- */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (value, "dim-label");
  gtk_widget_add_css_class (value, "numeric");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GqJsonItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  g_autofree char *name = gq_json_item_dup_string (item, "name");
  char value[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (value, sizeof value, "%.2f", gq_json_item_get_double (item, "value", 0));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), name);
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)), value);
}

static gboolean
is_mapped (Bench *bench)
{
  return gtk_widget_get_mapped (bench->list_view);
}

static gboolean
open_window (Bench *bench)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (bench->model)));
  gboolean mapped = FALSE;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  bench->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory);
  gtk_widget_add_css_class (bench->list_view, "rich-list");
  gtk_list_view_set_show_separators (GTK_LIST_VIEW (bench->list_view), TRUE);

  bench->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (bench->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (bench->scrolled), bench->list_view);

  bench->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (bench->window), "Records");
  gtk_window_set_titlebar (GTK_WINDOW (bench->window), gtk_header_bar_new ());
  gtk_window_set_default_size (GTK_WINDOW (bench->window), 400, 600);
  gtk_window_set_child (GTK_WINDOW (bench->window), bench->scrolled);

  gq_infinite_list_model_set_vadjustment (bench->model,
                                          gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (bench->scrolled)));
  gq_widget_bind_observer (bench->list_view, GQ_QUERY_OBSERVER (bench->observer));

  gtk_window_present (GTK_WINDOW (bench->window));
  for (guint i = 0; i < 1000 && !(mapped = is_mapped (bench)); i++)
    g_main_context_iteration (NULL, TRUE);
  if (!mapped)
    return FALSE;

  bench->frame_clock = gtk_widget_get_frame_clock (bench->window);
  g_signal_connect (bench->frame_clock, "before-paint", G_CALLBACK (on_before_paint), bench);
  g_signal_connect (bench->frame_clock, "after-paint", G_CALLBACK (on_after_paint), bench);

  if (n_rows (bench) == 0 && !wait_first_page (bench))
    return FALSE;

  return TRUE;
}

/* Grows the list to its last page; with @figures, frame by frame and
 * timed, else as fast as the main loop goes. */
static gboolean
grow (Bench       *bench,
      BenchResult *figures)
{
  g_autoptr(GArray) handled = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) drawn = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) model = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_work = g_array_new (FALSE, FALSE, sizeof (double));
  guint missed_frames = 0;
  gint64 t0 = bench_now_ns ();

  while (gq_infinite_list_model_get_n_pages (bench->model) < bench->n_pages)
    {
      double v;

      if (!start_next_page (bench) || !iterate_until (&bench->handled, 10000))
        return FALSE;
      if (figures == NULL)
        continue;

      v = bench->handled_ns - bench->resolved_ns;
      g_array_append_val (handled, v);
      v = bench->announced_ns - bench->changed_ns;
      g_array_append_val (model, v);

      if (!iterate_until (&bench->painted, FRAME_WAIT_MS))
        {
          missed_frames++;
          continue;
        }
      v = bench->painted_ns - bench->resolved_ns;
      g_array_append_val (drawn, v);
      v = bench->frame_work_ns;
      g_array_append_val (frame_work, v);
    }

  if (figures != NULL)
    {
      bench_result_add_int (figures, "rows", n_rows (bench));
      bench_result_add_int (figures, "appends", handled->len);
      bench_result_add_ms (figures, "ms_total", (bench_now_ns () - t0) / 1e6);
      /* The page's resolution to items-changed handled by every handler. */
      add_spread (figures, "handled_ms", handled, 1e-6);
      /* ... to the end of the next frame. */
      add_spread (figures, "drawn_ms", drawn, 1e-6);
      /* That frame's own work, from before-paint to after-paint. */
      add_spread (figures, "frame_work_ms", frame_work, 1e-6);
      add_spread (figures, "model_us", model, 1e-3);
      bench_result_add_int (figures, "missed_frames", missed_frames);
    }

  return TRUE;
}

/* ---- scroll ----------------------------------------------------------- */

typedef struct
{
  Bench    *bench;
  double    step;
  guint     max_frames;
  guint     frames;
  guint     at_end;
  gint64    last_frame_time;
  gint64    last_began_ns;
  GArray   *intervals;
  GArray   *real_intervals;
  GArray   *work;
  gboolean  done;
} Scroll;

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  Scroll *scroll = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroll->bench->scrolled));
  gint64 frame_time = gdk_frame_clock_get_frame_time (clock);
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  double value = gtk_adjustment_get_value (adjustment);

  if (scroll->last_frame_time != 0)
    {
      double interval = frame_time - scroll->last_frame_time;
      double work = scroll->bench->frame_work_ns;

      g_array_append_val (scroll->intervals, interval);
      g_array_append_val (scroll->work, work);
      interval = scroll->bench->paint_began_ns - scroll->last_began_ns;
      g_array_append_val (scroll->real_intervals, interval);
    }
  scroll->last_frame_time = frame_time;
  scroll->last_began_ns = scroll->bench->paint_began_ns;
  scroll->frames++;

  /* The list view's estimate of its height moves as rows are measured:
   * the bottom is reached when it stays reached. */
  if (value >= bottom - 0.5)
    scroll->at_end++;
  else
    scroll->at_end = 0;

  if (scroll->at_end >= 3 || scroll->frames >= scroll->max_frames)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  gtk_adjustment_set_value (adjustment, MIN (value + scroll->step, bottom));

  return G_SOURCE_CONTINUE;
}

/* Not inlined: callgrind --toggle-collect=run_scroll profiles it alone. */
static G_GNUC_NO_INLINE gboolean
run_scroll (Bench        *bench,
            const Config *config)
{
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) real_intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (bench->scrolled));
  Scroll scroll = { bench, 0, 0, 0, 0, 0, 0, intervals, real_intervals, work, FALSE };
  BenchResult result;
  double distance;
  gint64 rss_before, t0, t1;

  gtk_adjustment_set_value (adjustment, 0);
  for (guint i = 0; i < 10; i++)
    {
      bench->handled = TRUE;
      bench->painted = FALSE;
      iterate_until (&bench->painted, FRAME_WAIT_MS);
    }
  rss_before = rss_kb ();

  /* Half a page a frame, a quick fling, or longer strides when that would
   * take more than the frames allowed. */
  distance = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  scroll.max_frames = config->scroll_frames + 100;
  scroll.step = MAX (gtk_adjustment_get_page_size (adjustment) / 2, distance / config->scroll_frames);

  t0 = bench_now_ns ();
  gtk_widget_add_tick_callback (bench->list_view, scroll_tick, &scroll, NULL);
  while (!scroll.done)
    g_main_context_iteration (NULL, TRUE);
  t1 = bench_now_ns ();

  bench_result_init (&result, "gtk-scroll");
  bench_result_add_int (&result, "rows", n_rows (bench));
  bench_result_add_int (&result, "frames", scroll.frames);
  bench_result_add_ms (&result, "step_px", scroll.step);
  bench_result_add_ms (&result, "distance_px", distance);
  bench_result_add_ms (&result, "ms_total", (t1 - t0) / 1e6);
  bench_result_add_int (&result, "reached_end", scroll.at_end >= 3);
  /* Frame intervals, from the frame clock's frame times. */
  bench_result_add_ms (&result, "interval_ms_median", quantile (intervals, 0.5) / 1e3);
  bench_result_add_ms (&result, "interval_ms_p95", quantile (intervals, 0.95) / 1e3);
  bench_result_add_ms (&result, "interval_ms_max", quantile (intervals, 1.0) / 1e3);
  bench_result_add_int (&result, "intervals_over_16_7ms", count_above (intervals, 16700));
  bench_result_add_int (&result, "intervals_over_33ms", count_above (intervals, 33000));
  /* The same, as the monotonic clock saw the frames begin: the frame
   * clock smooths its frame times to whole refresh intervals. */
  bench_result_add_ms (&result, "real_interval_ms_median", quantile (real_intervals, 0.5) / 1e6);
  bench_result_add_ms (&result, "real_interval_ms_p95", quantile (real_intervals, 0.95) / 1e6);
  bench_result_add_ms (&result, "real_interval_ms_max", quantile (real_intervals, 1.0) / 1e6);
  /* The work of each frame, before-paint to after-paint. */
  bench_result_add_ms (&result, "work_ms_median", quantile (work, 0.5) / 1e6);
  bench_result_add_ms (&result, "work_ms_p95", quantile (work, 0.95) / 1e6);
  bench_result_add_ms (&result, "work_ms_max", quantile (work, 1.0) / 1e6);
  bench_result_add_int (&result, "rss_kb_growth", rss_kb () - rss_before);
  print_result (&result);

  return scroll.at_end >= 3;
}

static gboolean
run_window (const Config *config,
            gboolean      append,
            gboolean      scroll)
{
  Bench bench;
  BenchResult figures;
  gint64 rss_empty, rss_first, rss_grown;
  gboolean ok = FALSE;

  bench_setup (&bench, config);
  rss_empty = rss_kb ();

  if (!open_window (&bench))
    {
      bench_warn ("the window did not show its first page");
      goto out;
    }
  rss_first = rss_kb ();

  bench_result_init (&figures, "gtk-append");
  if (!grow (&bench, append ? &figures : NULL))
    {
      bench_warn ("the list stopped growing at %u rows", n_rows (&bench));
      bench_result_clear (&figures);
      goto out;
    }
  if (append)
    print_result (&figures);
  else
    bench_result_clear (&figures);

  rss_grown = rss_kb ();
  if (append)
    {
      BenchResult memory;
      guint rows = n_rows (&bench);

      bench_result_init (&memory, "gtk-memory");
      bench_result_add_int (&memory, "rows", rows);
      bench_result_add_int (&memory, "rss_kb_window", rss_first - rss_empty);
      bench_result_add_int (&memory, "rss_kb_rows", rss_grown - rss_first);
      bench_result_add_int (&memory, "rss_bytes_per_row",
                            (rss_grown - rss_first) * 1024 / MAX (rows - PAGE_SIZE, 1));
      print_result (&memory);
    }

  ok = n_rows (&bench) == config->rows;
  if (scroll && !run_scroll (&bench, config))
    {
      bench_warn ("scroll: the end was not reached");
      ok = FALSE;
    }

out:
  bench_teardown (&bench);
  return ok;
}

/* ---- main ------------------------------------------------------------- */

static void
usage (FILE *out)
{
  fprintf (out,
           "usage: gquery-bench-gtk [--quick] [--rows N] [--scroll-frames N] [model|append|scroll ...]\n"
           "Run on a display: build-aux/xvfb-test.sh gquery-bench-gtk\n");
}

static gboolean
parse_count (const char *text,
             guint      *count)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    return FALSE;
  *count = value;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  Config config = { FALSE, 0, 0 };
  gboolean want_model = FALSE, want_append = FALSE, want_scroll = FALSE;
  gboolean failed = FALSE;

  setlocale (LC_ALL, "");

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        config.quick = TRUE;
      else if (g_str_equal (argv[i], "--rows") && i + 1 < argc)
        {
          if (!parse_count (argv[++i], &config.rows))
            {
              usage (stderr);
              return 2;
            }
        }
      else if (g_str_equal (argv[i], "--scroll-frames") && i + 1 < argc)
        {
          if (!parse_count (argv[++i], &config.scroll_frames))
            {
              usage (stderr);
              return 2;
            }
        }
      else if (g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "--help"))
        {
          usage (stdout);
          return 0;
        }
      else if (g_str_equal (argv[i], "model"))
        want_model = TRUE;
      else if (g_str_equal (argv[i], "append"))
        want_append = TRUE;
      else if (g_str_equal (argv[i], "scroll"))
        want_scroll = TRUE;
      else
        {
          fprintf (stderr, "gquery-bench-gtk: unknown workload or option '%s'\n", argv[i]);
          usage (stderr);
          return 2;
        }
    }

  if (!want_model && !want_append && !want_scroll)
    want_model = want_append = want_scroll = TRUE;
  if (config.rows == 0)
    config.rows = config.quick ? 20000 : 1000000;
  /* Whole pages, two at least. */
  config.rows = MAX (2, (config.rows + PAGE_SIZE - 1) / PAGE_SIZE) * PAGE_SIZE;
  if (config.scroll_frames == 0)
    config.scroll_frames = config.quick ? 600 : 3000;

  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "gquery-bench-gtk: no display; run it under build-aux/xvfb-test.sh\n");
      return 2;
    }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* The window first: its RSS figures need a heap the model workload has
   * not left free blocks in. */
  if ((want_append || want_scroll) && !run_window (&config, want_append, want_scroll))
    failed = TRUE;
  if (want_model && !run_model (&config))
    failed = TRUE;

  printf ("{\"workload\":\"process\",\"peak_rss_kb\":%" G_GINT64_FORMAT "}\n", bench_peak_rss_kb ());

  return failed ? 1 : 0;
}
