/* gq-dehydrate-options-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-dehydrate-options.h"
#include "gq-query-options-private.h"

G_BEGIN_DECLS

typedef enum
{
  GQ_DEHYDRATE_FUNC_SHOULD_DEHYDRATE_QUERY,
  GQ_DEHYDRATE_FUNC_SHOULD_DEHYDRATE_MUTATION,
  GQ_DEHYDRATE_FUNC_SHOULD_REDACT_ERROR,
  GQ_DEHYDRATE_FUNC_SERIALIZE_DATA,
  GQ_DEHYDRATE_FUNC_LAST
} GqDehydrateFunc;

/* TanStack's `options.X ?? client.getDefaultOptions ().dehydrate.X`: the
 * closure of @func set on @self, else on @fallback (both nullable), else
 * NULL. */
GqOptionClosure *_gq_dehydrate_options_lookup (GqDehydrateOptions *self,
                                               GqDehydrateOptions *fallback,
                                               GqDehydrateFunc     func);

G_END_DECLS
