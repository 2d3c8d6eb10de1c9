/* gq-demo-query.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-demo-collection.h"

G_BEGIN_DECLS

typedef struct
{
  char *key;
  char *value;
} GqDemoParam;

/* The result of GET /<collection>: the records to send and what the
 * X-Total-Count and Link headers say. Page numbers are 0 when absent. */
typedef struct
{
  GPtrArray *records;  /* JsonObject */
  gboolean   counted;
  guint      total;
  gboolean   paged;
  guint      current_page;
  guint      first_page;
  guint      prev_page;
  guint      next_page;
  guint      last_page;
} GqDemoListing;

GPtrArray     *gq_demo_query_parse      (const char        *raw_query);
void           gq_demo_query_add_param  (GPtrArray         *params,
                                         const char        *key,
                                         const char        *value);
const char    *gq_demo_query_get_first  (GPtrArray         *params,
                                         const char        *key);
GqDemoListing *gq_demo_query_run        (GqDemoCollection  *collection,
                                         GPtrArray         *params,
                                         GError           **error);
void           gq_demo_listing_free     (GqDemoListing     *listing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GqDemoListing, gq_demo_listing_free)

G_END_DECLS
