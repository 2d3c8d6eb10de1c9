/* gq-version-macros.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#ifndef _GQ_EXTERN
# define _GQ_EXTERN extern
#endif

#define GQ_AVAILABLE_IN_ALL _GQ_EXTERN
