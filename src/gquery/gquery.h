/* gquery.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define GQ_INSIDE

#include "gq-types.h"
#include "gq-enum-types.h"
#include "gq-dehydrate-options.h"
#include "gq-error.h"
#include "gq-fetch-context.h"
#include "gq-file-persister.h"
#include "gq-focus-manager.h"
#include "gq-hydrate-options.h"
#include "gq-hydration.h"
#include "gq-infinite-query-observer.h"
#include "gq-infinite-query-options.h"
#include "gq-json.h"
#include "gq-key.h"
#include "gq-manual-scheduler.h"
#include "gq-mutation.h"
#include "gq-mutation-cache.h"
#include "gq-mutation-context.h"
#include "gq-mutation-filters.h"
#include "gq-mutation-observer.h"
#include "gq-mutation-options.h"
#include "gq-mutation-result.h"
#include "gq-mutation-state.h"
#include "gq-online-manager.h"
#include "gq-persist-controller.h"
#include "gq-persister.h"
#include "gq-query.h"
#include "gq-query-cache.h"
#include "gq-query-client.h"
#include "gq-query-filters.h"
#include "gq-query-observer.h"
#include "gq-query-options.h"
#include "gq-query-result.h"
#include "gq-query-state.h"
#include "gq-rest-source.h"
#include "gq-scheduler.h"

#undef GQ_INSIDE
