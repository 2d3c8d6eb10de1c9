/* gq-demo-dataset.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GQ_DEMO_DATASET_PEOPLE    500
#define GQ_DEMO_DATASET_PROJECTS  200
#define GQ_DEMO_DATASET_TASKS     10000
#define GQ_DEMO_DATASET_COMMENTS  5000

JsonObject *gq_demo_dataset_generate  (guint32     seed,
                                       guint       scale);
JsonObject *gq_demo_dataset_borrow    (guint32     seed,
                                       guint       scale);
void        gq_demo_dataset_give_back (JsonObject *dataset,
                                       guint32     seed,
                                       guint       scale);

G_END_DECLS
