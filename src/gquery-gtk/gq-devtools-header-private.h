/* gq-devtools-header-private.h: the devtools' status counters and
 * online switch
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-devtools.h"

G_BEGIN_DECLS

typedef struct _GqDevtoolsHeader GqDevtoolsHeader;

/* Takes its widgets from @devtools' template. */
GqDevtoolsHeader *gq_devtools_header_new                 (GqDevtools       *devtools);
/* Stops following the online manager. */
void              gq_devtools_header_dispose             (GqDevtoolsHeader *self);
void              gq_devtools_header_free                (GqDevtoolsHeader *self);
/* Makes the switch show and set @online's state. */
void              gq_devtools_header_set_online_manager  (GqDevtoolsHeader *self,
                                                          GqOnlineManager  *online);
/* GQ_DEVTOOLS_N_STATUSES counts. */
void              gq_devtools_header_set_query_counts    (GqDevtoolsHeader *self,
                                                          const guint      *counts);
/* GQ_DEVTOOLS_MUTATIONS_N_COUNTS counts. */
void              gq_devtools_header_set_mutation_counts (GqDevtoolsHeader *self,
                                                          const guint      *counts);
/* Which counts show: the mutations' or the queries'. */
void              gq_devtools_header_show_mutations      (GqDevtoolsHeader *self,
                                                          gboolean          mutations);

G_END_DECLS
