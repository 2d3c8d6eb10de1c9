/* gq-fuzz.h: what the fuzz targets share
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with clang and
 * -Dfuzzing=true it links libFuzzer; otherwise gq-fuzz-replay.c gives it a
 * main () that runs every file of the corpus folders it is given once, so
 * the committed corpus is a plain test of the default build.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Arbitrary input is no excuse for a warning or a critical: they abort. */
static inline void
gq_fuzz_init (void)
{
  static gboolean initialized;

  if (initialized)
    return;
  initialized = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
}

/* Splits @data at the first NUL: two inputs from one. */
static inline void
gq_fuzz_split (const uint8_t  *data,
               size_t          size,
               char          **first,
               char          **second)
{
  const uint8_t *nul = memchr (data, '\0', size);
  size_t first_size = nul ? (size_t) (nul - data) : size;

  *first = g_strndup ((const char *) data, first_size);
  *second = nul ? g_strndup ((const char *) nul + 1, size - first_size - 1) : g_strdup ("");
}
