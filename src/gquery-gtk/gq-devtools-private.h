/* gq-devtools-private.h: what the UI tests reach inside the devtools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-devtools.h"
#include "gq-devtools-item-private.h"

G_BEGIN_DECLS

/* The rows the queries view shows, filtered and sorted. */
GListModel *_gq_devtools_get_query_rows     (GqDevtools       *self);
GListModel *_gq_devtools_get_mutation_rows  (GqDevtools       *self);
GListModel *_gq_devtools_get_timeline_rows  (GqDevtools       *self);
/* The data tree of the selected query. */
GListModel *_gq_devtools_get_data_rows      (GqDevtools       *self);
guint       _gq_devtools_get_status_count   (GqDevtools       *self,
                                             GqDevtoolsStatus  status);
/* A widget of the template by its id ("refetch_button", ...). */
GtkWidget  *_gq_devtools_get_part           (GqDevtools       *self,
                                             const char       *name);
/* The text the details show for a state field ("Status", ...). */
const char *_gq_devtools_get_field          (GqDevtools       *self,
                                             const char       *field);
/* Applies the pending cache events now instead of on the next idle. */
void        _gq_devtools_flush              (GqDevtools       *self);
/* Whether events wait for a flush. */
gboolean    _gq_devtools_has_pending        (GqDevtools       *self);

G_END_DECLS
