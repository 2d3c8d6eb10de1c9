/* test-json-alloc.c: structural sharing allocates nothing for equal data
 *
 * TanStack's replaceEqualDeep hands back the old value when the new one is
 * deeply equal; the port promises that this costs no allocation at all
 * (issue 7: a refetch returning the same data must not build a copy, not
 * even one thrown away). The program counts the calls to malloc(),
 * calloc() and realloc() by defining them and forwarding to the C
 * library's. (A new JsonNode alone may come from a GSlice magazine; any
 * copy of a container calls malloc().)
 *
 * Under valgrind or the sanitizers the allocator is theirs and replaces
 * these definitions: the cases are skipped there.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <valgrind/valgrind.h>

#include "gq-json.h"

#if defined(__SANITIZE_ADDRESS__)
# define UNDER_SANITIZER 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define UNDER_SANITIZER 1
# endif
#endif
#ifndef UNDER_SANITIZER
# define UNDER_SANITIZER 0
#endif

static gboolean counting;
static guint allocations;

#if !UNDER_SANITIZER

extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *memory, size_t size);

void *malloc (size_t size);
void *calloc (size_t n, size_t size);
void *realloc (void *memory, size_t size);

void *
malloc (size_t size)
{
  if (counting)
    allocations++;
  return __libc_malloc (size);
}

void *
calloc (size_t n,
        size_t size)
{
  if (counting)
    allocations++;
  return __libc_calloc (n, size);
}

void *
realloc (void   *memory,
         size_t  size)
{
  if (counting)
    allocations++;
  return __libc_realloc (memory, size);
}

#endif

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = gq_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  json_node_seal (node);

  return node;
}

/* The benchmark's items, so the counted path is the one it times. */
static JsonNode *
items (guint n,
       guint changed)
{
  g_autoptr(GString) text = g_string_new ("[");

  for (guint k = 0; k < n; k++)
    g_string_append_printf (text,
                            "%s{\"id\":%u,\"title\":\"t %u\",\"done\":%s,\"tags\":[\"x\",\"y\"],"
                            "\"meta\":{\"rev\":1,\"owner\":\"u %u\"},\"score\":%u.5,\"none\":null}",
                            k > 0 ? "," : "", k, k, k == changed ? "true" : "false", k % 50, k);
  g_string_append_c (text, ']');

  return parse (text->str);
}

static guint
count_replace (JsonNode  *previous,
               JsonNode  *next,
               JsonNode **result)
{
  guint before;

  counting = TRUE;
  before = allocations;
  *result = gq_json_replace_equal_deep (previous, next);
  counting = FALSE;

  return allocations - before;
}

static void
test_equal_allocates_nothing (void)
{
  g_autoptr(JsonNode) previous = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(JsonNode) result = NULL;

  if (UNDER_SANITIZER || RUNNING_ON_VALGRIND)
    {
      g_test_skip ("the allocator is the sanitizer's or valgrind's");
      return;
    }

  previous = items (200, G_MAXUINT);
  next = items (200, G_MAXUINT);
  g_assert_true (previous != next);

  g_assert_cmpuint (count_replace (previous, next, &result), ==, 0);
  g_assert_true (result == previous);
}

/* The counter itself must see a copy, or the case above proves nothing. */
static void
test_change_allocates (void)
{
  g_autoptr(JsonNode) previous = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(JsonNode) result = NULL;
  JsonArray *result_items;

  if (UNDER_SANITIZER || RUNNING_ON_VALGRIND)
    {
      g_test_skip ("the allocator is the sanitizer's or valgrind's");
      return;
    }

  previous = items (200, G_MAXUINT);
  next = items (200, 100);

  g_assert_cmpuint (count_replace (previous, next, &result), >, 0);
  g_assert_true (result != previous);
  result_items = json_node_get_array (result);
  g_assert_true (json_array_get_element (result_items, 99) ==
                 json_array_get_element (json_node_get_array (previous), 99));
  g_assert_true (json_array_get_element (result_items, 100) !=
                 json_array_get_element (json_node_get_array (previous), 100));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Gq/JsonAlloc/equal-allocates-nothing", test_equal_allocates_nothing);
  g_test_add_func ("/Gq/JsonAlloc/change-allocates", test_change_allocates);

  return g_test_run ();
}
