/* gq-mutation-observer-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-mutation-observer.h"
#include "gq-mutation-private.h"

G_BEGIN_DECLS

void _gq_mutation_observer_on_mutation_update (GqMutationObserver *self,
                                               GqMutation         *mutation,
                                               GqMutationAction    action);

G_END_DECLS
