/* gq-soak-script.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-soak-script.h"

GqSoakScript *
gq_soak_script_new (guint32 seed,
                    guint   n_operations)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) live = g_array_new (FALSE, FALSE, sizeof (guint));
  GqSoakScript *script = g_new0 (GqSoakScript, 1);

  script->operations = g_new0 (GqSoakOperation, n_operations);
  script->n_operations = n_operations;

  for (guint i = 0; i < n_operations; i++)
    {
      GqSoakOperation *op = &script->operations[i];
      double draw = g_rand_double (rand);

      op->priority = (guint) g_rand_int_range (rand, 1, 6);
      op->done = g_rand_boolean (rand);

      /* Creates first among few records, then mostly edits: each record
       * sees a few edits, some are deleted. */
      if (live->len < 3 || draw < 0.35)
        {
          op->kind = GQ_SOAK_CREATE;
          op->record = script->n_records++;
          g_array_append_val (live, op->record);
          script->n_creates++;
        }
      else
        {
          guint index = (guint) g_rand_int_range (rand, 0, (gint32) live->len);

          op->record = g_array_index (live, guint, index);
          if (draw < 0.85)
            {
              op->kind = GQ_SOAK_EDIT;
              script->n_edits++;
            }
          else
            {
              op->kind = GQ_SOAK_DELETE;
              g_array_remove_index_fast (live, index);
              script->n_deletes++;
            }
        }
    }

  return script;
}

void
gq_soak_script_free (GqSoakScript *script)
{
  g_free (script->operations);
  g_free (script);
}

char *
gq_soak_script_title (guint32 seed,
                      guint   record)
{
  return g_strdup_printf ("soak-%u-%u", seed, record);
}
