/* gq-devtools-mutations-private.h: the devtools' Mutations view
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-devtools.h"

G_BEGIN_DECLS

/* The mutation statuses the header counts, in its order. */
typedef enum
{
  GQ_DEVTOOLS_MUTATIONS_PAUSED,
  GQ_DEVTOOLS_MUTATIONS_PENDING,
  GQ_DEVTOOLS_MUTATIONS_SUCCESS,
  GQ_DEVTOOLS_MUTATIONS_ERROR,
  GQ_DEVTOOLS_MUTATIONS_N_COUNTS,
} GqDevtoolsMutationCount;

typedef struct _GqDevtoolsMutations GqDevtoolsMutations;

/* Takes its widgets from @devtools' template. */
GqDevtoolsMutations *gq_devtools_mutations_new        (GqDevtools          *devtools);
/* Drops the selection, after the template is disposed. */
void                 gq_devtools_mutations_dispose    (GqDevtoolsMutations *self);
void                 gq_devtools_mutations_free       (GqDevtoolsMutations *self);
/* Lists @cache's mutations again, keeping the selected one. */
void                 gq_devtools_mutations_update     (GqDevtoolsMutations *self,
                                                       GqMutationCache     *cache);
/* Mutations per GqDevtoolsMutationCount. */
const guint         *gq_devtools_mutations_get_counts (GqDevtoolsMutations *self);
GListModel          *gq_devtools_mutations_get_rows   (GqDevtoolsMutations *self);

G_END_DECLS
