/* gq-file-persister.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(GQ_INSIDE) && !defined(GQ_COMPILATION)
# error "Only <gquery.h> can be included directly."
#endif

#include "gq-types.h"

G_BEGIN_DECLS

#define GQ_TYPE_FILE_PERSISTER (gq_file_persister_get_type ())

GQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GqFilePersister, gq_file_persister, GQ, FILE_PERSISTER, GObject)

GQ_AVAILABLE_IN_ALL
GqFilePersister *gq_file_persister_new              (const char      *path);
GQ_AVAILABLE_IN_ALL
const char      *gq_file_persister_get_path         (GqFilePersister *self);
GQ_AVAILABLE_IN_ALL
char            *gq_file_persister_get_default_path (void);

G_END_DECLS
