/* gq-hydrate-options-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-hydrate-options.h"
#include "gq-query-options-private.h"

G_BEGIN_DECLS

/* The deserialize-data closure of @self, else of @fallback (both
 * nullable), else NULL. */
GqOptionClosure *_gq_hydrate_options_lookup_deserialize (GqHydrateOptions *self,
                                                         GqHydrateOptions *fallback);

G_END_DECLS
