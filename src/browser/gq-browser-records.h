/* gq-browser-records.h: the list model under the collection view
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gquery.h>
#include <gio/gio.h>

G_BEGIN_DECLS

GListModel *gq_browser_records_model_new  (GqInfiniteQueryObserver *observer);
JsonNode   *gq_browser_records_get_record (gpointer                 item);

G_END_DECLS
