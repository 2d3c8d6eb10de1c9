/* fuzz-json-share.c: structural sharing on arbitrary pairs of JSON values
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "gquery.h"
#include "gq-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) previous = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(JsonNode) shared = NULL;

  gq_fuzz_init ();
  gq_fuzz_split (data, size, &first, &second);

  previous = gq_json_parse (first, -1, NULL);
  next = gq_json_parse (second, -1, NULL);
  if (previous == NULL || next == NULL)
    return 0;

  shared = gq_json_replace_equal_deep (previous, next);

  /* Whatever is reused, the result is the new value... */
  g_assert_true (gq_json_equal (shared, next));
  /* ...and the old one when they are equal. */
  if (gq_json_equal (previous, next))
    g_assert_true (shared == previous);

  {
    g_autofree char *canonical = gq_json_to_canonical (shared);
    g_autofree char *expected = gq_json_to_canonical (next);

    g_assert_cmpstr (canonical, ==, expected);
  }

  return 0;
}
