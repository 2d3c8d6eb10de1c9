/* gq-devtools-details-private.h: the selected query's details pane
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-devtools.h"

G_BEGIN_DECLS

typedef struct _GqDevtoolsDetails GqDevtoolsDetails;

/* Takes its widgets from @devtools' template; its actions act on
 * @devtools' selected query. */
GqDevtoolsDetails *gq_devtools_details_new            (GqDevtools        *devtools);
/* Drops the data tree, after the template is disposed. */
void               gq_devtools_details_dispose        (GqDevtoolsDetails *self);
void               gq_devtools_details_free           (GqDevtoolsDetails *self);
/* Shows @query's state, options and data, or the empty page for %NULL. */
void               gq_devtools_details_update         (GqDevtoolsDetails *self,
                                                       GqQuery           *query);
/* The rows of the data tree. */
GListModel        *gq_devtools_details_get_data_rows  (GqDevtoolsDetails *self);
/* The text shown for a state field ("Status", ...), %NULL if none. */
const char        *gq_devtools_details_get_field      (GqDevtoolsDetails *self,
                                                       const char        *field);

G_END_DECLS
