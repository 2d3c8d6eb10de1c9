/* gq-demo-dataset.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The seeded demo data: people, projects, tasks of projects assigned to
 * people, and comments on tasks. Everything comes from one GRand and
 * fixed base dates, never the clock, so a seed always gives the same
 * bytes. */

#include "gq-demo-dataset.h"
#include "gq-demo-json.h"

static const char *first_names[] = {
  "Ada", "Alan", "Barbara", "Brian", "Carmen", "Chidi", "Dana", "Dmitri",
  "Elena", "Emeka", "Fatima", "Felix", "Grace", "Hiro", "Ines", "Ivan",
  "Jana", "Jonas", "Kavya", "Kenji", "Lena", "Lucas", "Maya", "Mateo",
  "Nadia", "Noah", "Olga", "Omar", "Priya", "Quinn", "Rosa", "Sven",
  "Tariq", "Uma", "Vera", "Wei", "Ximena", "Yusuf", "Zoe", "Zoltán",
};

static const char *last_names[] = {
  "Adeyemi", "Berg", "Castillo", "Dubois", "Eriksen", "Fischer", "García",
  "Hoffmann", "Ivanova", "Jansen", "Kowalski", "López", "Müller", "Nakamura",
  "Okafor", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka", "Ueda",
  "Varga", "Wagner", "Xu", "Yilmaz", "Zhang",
};

static const struct { const char *city; const char *country; } places[] = {
  { "Lisbon", "Portugal" }, { "Berlin", "Germany" }, { "Lagos", "Nigeria" },
  { "Osaka", "Japan" }, { "Lima", "Peru" }, { "Toronto", "Canada" },
  { "Pune", "India" }, { "Kraków", "Poland" }, { "Nairobi", "Kenya" },
  { "Bergen", "Norway" }, { "Valencia", "Spain" }, { "Brno", "Czechia" },
};

static const char *streets[] = {
  "Main Street", "Station Road", "Harbour Lane", "Mill Way", "Park Avenue",
  "Church Street", "Garden Row", "River Walk",
};

static const char *skills[] = {
  "c", "gtk", "glib", "python", "rust", "design", "testing", "docs",
  "sql", "networking", "accessibility", "translation",
};

static const char *project_adjectives[] = {
  "Amber", "Blue", "Crimson", "Silent", "Rapid", "Quiet", "Northern",
  "Golden", "Hidden", "Bright",
};

static const char *project_nouns[] = {
  "Falcon", "Harbor", "Lantern", "Meadow", "Orbit", "Pioneer", "Quartz",
  "River", "Summit", "Willow",
};

static const char *verbs[] = {
  "Fix", "Write", "Review", "Refactor", "Test", "Document", "Design",
  "Profile", "Translate", "Package",
};

static const char *adjectives[] = {
  "flaky", "slow", "new", "legacy", "broken", "missing", "shared",
  "nested", "cached", "offline",
};

static const char *objects[] = {
  "login form", "search index", "sync queue", "settings page", "list view",
  "export dialog", "retry logic", "cache layer", "sidebar", "welcome screen",
  "keyboard shortcuts", "error banner",
};

static const char *tags[] = {
  "bug", "feature", "ui", "backend", "docs", "urgent", "research", "a11y",
};

static const char *colors[] = {
  "#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#e01b24", "#9141ac",
};

static const int story_points[] = { 1, 2, 3, 5, 8, 13 };

static const char *phrases[] = {
  "Looks good to me.", "Can we split this up?", "I can reproduce it on main.",
  "Needs a test first.", "Blocked on the design review.",
  "Fixed in the latest build.", "Let's discuss this on Monday.",
  "The numbers look better now.", "Who owns this?", "Closing as duplicate.",
};

/* Every draw is its own statement: C leaves the order of a call's
 * arguments unspecified, and the data must not depend on the compiler. */
#define PICK(rand, list) (list[g_rand_int_range (rand, 0, G_N_ELEMENTS (list))])

/* g_date_time_format is locale-aware and slow; the fields are enough. */
static char *
format_date (GDateTime *base,
             int        days)
{
  g_autoptr(GDateTime) date = g_date_time_add_days (base, days);
  int year, month, day;

  g_date_time_get_ymd (date, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static char *
format_datetime (GDateTime *base,
                 gint64     seconds)
{
  g_autoptr(GDateTime) datetime = g_date_time_add_seconds (base, seconds);
  int year, month, day;

  g_date_time_get_ymd (datetime, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
                          g_date_time_get_hour (datetime),
                          g_date_time_get_minute (datetime),
                          g_date_time_get_second (datetime));
}

static JsonArray *
pick_tags (GRand       *rand,
           const char **list,
           guint        n_list,
           guint        max)
{
  JsonArray *array = json_array_new ();
  guint count = g_rand_int_range (rand, 0, max + 1);
  guint start = g_rand_int_range (rand, 0, n_list);

  /* Consecutive picks from a random start: distinct, in a stable order. */
  for (guint i = 0; i < count; i++)
    json_array_add_string_element (array, list[(start + i) % n_list]);

  return array;
}

static JsonArray *
generate_people (GRand     *rand,
                 guint      count,
                 GDateTime *base)
{
  JsonArray *people = json_array_new ();

  for (guint i = 1; i <= count; i++)
    {
      JsonObject *person = json_object_new ();
      JsonObject *address = json_object_new ();
      const char *first = PICK (rand, first_names);
      const char *last = PICK (rand, last_names);
      guint place = g_rand_int_range (rand, 0, G_N_ELEMENTS (places));
      g_autofree char *name = g_strdup_printf ("%s %s", first, last);
      g_autofree char *login = g_utf8_strdown (first, -1);
      g_autofree char *email = g_strdup_printf ("%s.%u@example.org", login, i);
      int number = g_rand_int_range (rand, 1, 200);
      g_autofree char *street = g_strdup_printf ("%d %s", number, PICK (rand, streets));
      g_autofree char *joined = format_date (base, -g_rand_int_range (rand, 0, 3650));

      json_object_set_int_member (person, "id", i);
      json_object_set_string_member (person, "name", name);
      json_object_set_string_member (person, "email", email);
      json_object_set_int_member (person, "age", g_rand_int_range (rand, 20, 66));
      json_object_set_boolean_member (person, "active", g_rand_int_range (rand, 0, 10) < 8);
      json_object_set_string_member (person, "joined", joined);
      json_object_set_double_member (person, "rating", g_rand_int_range (rand, 2, 11) / 2.0);
      json_object_set_string_member (address, "street", street);
      json_object_set_string_member (address, "city", places[place].city);
      json_object_set_string_member (address, "country", places[place].country);
      json_object_set_object_member (person, "address", address);
      json_object_set_array_member (person, "skills", pick_tags (rand, skills, G_N_ELEMENTS (skills), 4));

      json_array_add_object_element (people, person);
    }

  return people;
}

static JsonArray *
generate_projects (GRand     *rand,
                   guint      count,
                   guint      n_people,
                   GDateTime *base)
{
  JsonArray *projects = json_array_new ();

  for (guint i = 1; i <= count; i++)
    {
      JsonObject *project = json_object_new ();
      JsonObject *settings = json_object_new ();
      const char *adjective = PICK (rand, project_adjectives);
      const char *noun = PICK (rand, project_nouns);
      const char *verb = PICK (rand, verbs);
      const char *object1 = PICK (rand, objects);
      const char *object2 = PICK (rand, objects);
      g_autofree char *name = g_strdup_printf ("%s %s %u", adjective, noun, i);
      g_autofree char *description = g_strdup_printf ("%s the %s and %s.", verb, object1, object2);
      g_autofree char *start = format_date (base, -g_rand_int_range (rand, 0, 1000));

      json_object_set_int_member (project, "id", i);
      json_object_set_string_member (project, "name", name);
      json_object_set_string_member (project, "description", description);
      json_object_set_int_member (project, "ownerId", g_rand_int_range (rand, 1, n_people + 1));
      json_object_set_int_member (project, "budget", g_rand_int_range (rand, 1, 500) * 1000);
      json_object_set_boolean_member (project, "archived", g_rand_int_range (rand, 0, 10) == 0);
      json_object_set_string_member (project, "startDate", start);
      json_object_set_array_member (project, "tags", pick_tags (rand, tags, G_N_ELEMENTS (tags), 3));
      json_object_set_string_member (settings, "visibility", g_rand_boolean (rand) ? "public" : "private");
      json_object_set_string_member (settings, "color", PICK (rand, colors));
      json_object_set_object_member (project, "settings", settings);

      json_array_add_object_element (projects, project);
    }

  return projects;
}

static JsonArray *
generate_tasks (GRand     *rand,
                guint      count,
                guint      n_projects,
                guint      n_people,
                GDateTime *base)
{
  JsonArray *tasks = json_array_new ();

  for (guint i = 1; i <= count; i++)
    {
      JsonObject *task = json_object_new ();
      JsonObject *estimate = json_object_new ();
      gint64 created_offset = -(gint64) g_rand_int_range (rand, 0, 730 * 24 * 3600);
      const char *verb = PICK (rand, verbs);
      const char *adjective = PICK (rand, adjectives);
      const char *object = PICK (rand, objects);
      g_autofree char *title = g_strdup_printf ("%s %s %s", verb, adjective, object);
      g_autofree char *created = format_datetime (base, created_offset);

      json_object_set_int_member (task, "id", i);
      json_object_set_int_member (task, "projectId", g_rand_int_range (rand, 1, n_projects + 1));
      if (g_rand_int_range (rand, 0, 10) == 0)
        json_object_set_null_member (task, "assigneeId");
      else
        json_object_set_int_member (task, "assigneeId", g_rand_int_range (rand, 1, n_people + 1));
      json_object_set_string_member (task, "title", title);
      json_object_set_boolean_member (task, "done", g_rand_boolean (rand));
      json_object_set_int_member (task, "priority", g_rand_int_range (rand, 1, 6));
      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          json_object_set_null_member (task, "due");
        }
      else
        {
          int due_days = created_offset / (24 * 3600) + g_rand_int_range (rand, 1, 121);
          g_autofree char *due = format_date (base, due_days);

          json_object_set_string_member (task, "due", due);
        }
      json_object_set_string_member (task, "createdAt", created);
      json_object_set_array_member (task, "tags", pick_tags (rand, tags, G_N_ELEMENTS (tags), 3));
      json_object_set_double_member (estimate, "hours", g_rand_int_range (rand, 1, 81) / 2.0);
      json_object_set_int_member (estimate, "points", PICK (rand, story_points));
      json_object_set_object_member (task, "estimate", estimate);

      json_array_add_object_element (tasks, task);
    }

  return tasks;
}

static JsonArray *
generate_comments (GRand     *rand,
                   guint      count,
                   guint      n_tasks,
                   guint      n_people,
                   GDateTime *base)
{
  JsonArray *comments = json_array_new ();

  for (guint i = 1; i <= count; i++)
    {
      JsonObject *comment = json_object_new ();
      g_autofree char *created = format_datetime (base, -(gint64) g_rand_int_range (rand, 0, 365 * 24 * 3600));

      json_object_set_int_member (comment, "id", i);
      json_object_set_int_member (comment, "taskId", g_rand_int_range (rand, 1, n_tasks + 1));
      json_object_set_int_member (comment, "authorId", g_rand_int_range (rand, 1, n_people + 1));
      json_object_set_string_member (comment, "body", PICK (rand, phrases));
      json_object_set_string_member (comment, "createdAt", created);
      json_object_set_int_member (comment, "likes", g_rand_int_range (rand, 0, 50));

      json_array_add_object_element (comments, comment);
    }

  return comments;
}

/* Returns an object of four arrays, each multiplied by @scale. */
JsonObject *
gq_demo_dataset_generate (guint32 seed,
                          guint   scale)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  JsonObject *dataset = json_object_new ();
  guint n_people = GQ_DEMO_DATASET_PEOPLE * MAX (scale, 1);
  guint n_projects = GQ_DEMO_DATASET_PROJECTS * MAX (scale, 1);
  guint n_tasks = GQ_DEMO_DATASET_TASKS * MAX (scale, 1);
  guint n_comments = GQ_DEMO_DATASET_COMMENTS * MAX (scale, 1);

  json_object_set_array_member (dataset, "people", generate_people (rand, n_people, base));
  json_object_set_array_member (dataset, "projects", generate_projects (rand, n_projects, n_people, base));
  json_object_set_array_member (dataset, "tasks", generate_tasks (rand, n_tasks, n_projects, n_people, base));
  json_object_set_array_member (dataset, "comments", generate_comments (rand, n_comments, n_tasks, n_people, base));

  return dataset;
}

G_LOCK_DEFINE_STATIC (spare);
static JsonObject *spare_dataset;
static guint32 spare_seed;
static guint spare_scale;

/* The dataset of @seed and @scale, sealed, for one store at a time: the
 * last one given back is reused when it matches, so starting one more
 * server with the same seed (as every test does) costs an index, not a
 * generation. json-glib's reference counts are not atomic, so a dataset
 * is never shared by two stores at once: it is lent, then given back
 * once the store dropped every reference it took. */
JsonObject *
gq_demo_dataset_borrow (guint32 seed,
                        guint   scale)
{
  JsonObject *dataset = NULL;

  G_LOCK (spare);
  if (spare_dataset != NULL && spare_seed == seed && spare_scale == scale)
    dataset = g_steal_pointer (&spare_dataset);
  G_UNLOCK (spare);

  if (dataset == NULL)
    {
      dataset = gq_demo_dataset_generate (seed, scale);
      json_object_seal (dataset);
    }

  return dataset;
}

/* Takes @dataset back; it must be unchanged and referenced by no one. */
void
gq_demo_dataset_give_back (JsonObject *dataset,
                           guint32     seed,
                           guint       scale)
{
  JsonObject *previous;

  G_LOCK (spare);
  previous = g_steal_pointer (&spare_dataset);
  spare_dataset = dataset;
  spare_seed = seed;
  spare_scale = scale;
  G_UNLOCK (spare);

  g_clear_pointer (&previous, json_object_unref);
}
