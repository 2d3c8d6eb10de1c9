/* gq-soak-script.h: the seeded operation script of the soak test
 *
 * The soak client plays it against the demo server and the soak test
 * computes from it the state the server must end in. The same seed gives
 * the same script in both processes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GQ_SOAK_CREATE,
  GQ_SOAK_EDIT,
  GQ_SOAK_DELETE,
} GqSoakKind;

typedef struct
{
  GqSoakKind kind;
  guint      record;     /* records are numbered from 0 in creation order */
  guint      priority;   /* 1 to 5, for creates and edits */
  gboolean   done;       /* for creates and edits */
} GqSoakOperation;

typedef struct
{
  GqSoakOperation *operations;
  guint            n_operations;
  guint            n_records;
  guint            n_creates;
  guint            n_edits;
  guint            n_deletes;
} GqSoakScript;

GqSoakScript *gq_soak_script_new   (guint32       seed,
                                    guint         n_operations);
void          gq_soak_script_free  (GqSoakScript *script);
/* "soak-SEED-RECORD": the title that names a record on the server. */
char         *gq_soak_script_title (guint32       seed,
                                    guint         record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqSoakScript, gq_soak_script_free)

G_END_DECLS
