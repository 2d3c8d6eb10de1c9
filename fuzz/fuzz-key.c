/* fuzz-key.c: key parsing and hashing on arbitrary text
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
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;

  gq_fuzz_init ();
  gq_fuzz_split (data, size, &first, &second);

  a = gq_key_parse (first, NULL);
  b = gq_key_parse (second, NULL);

  if (a != NULL)
    {
      g_autofree char *hash = NULL;
      g_autoptr(JsonNode) again = NULL;

      g_assert_true (gq_key_validate (a, NULL));
      hash = gq_key_hash (a);
      /* The hash is a key of its own that hashes the same. */
      again = gq_key_parse (hash, NULL);
      g_assert_nonnull (again);
      g_assert_true (gq_key_equal (a, again));
      g_assert_true (gq_key_partial_match (a, a));

      if (b != NULL)
        {
          g_autofree char *hash_b = gq_key_hash (b);

          g_assert_true (gq_key_equal (a, b) == g_str_equal (hash, hash_b));
          gq_key_partial_match (a, b);
          gq_key_partial_match (b, a);
        }
    }

  return 0;
}
