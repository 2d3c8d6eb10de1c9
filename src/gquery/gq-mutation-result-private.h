/* gq-mutation-result-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "gq-mutation-result.h"

G_BEGIN_DECLS

struct _GqMutationResult
{
  gatomicrefcount  ref_count;

  /* The state the result shows; an idle state when there is no mutation. */
  GqMutationState *state;
};

/* The result of @state (nullable: the idle result). */
GqMutationResult *_gq_mutation_result_new (GqMutationState *state);

G_END_DECLS
