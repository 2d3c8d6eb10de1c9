/* gq-fuzz-replay.c: main () of a fuzz target built without libFuzzer
 *
 *   fuzz-target FILE_OR_FOLDER...
 *
 * Runs each file (each file of each folder) through the target once;
 * prints how many. A crash is the test's failure.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <string.h>

#include "gq-fuzz.h"

static guint
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);

  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);

  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          count += replay_file (argv[i]);
          continue;
        }

      dir = g_dir_open (argv[i], 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);

          count += replay_file (path);
        }
    }

  printf ("1..1\nok 1 - %u inputs replayed\n", count);

  return count > 0 ? 0 : 1;
}
