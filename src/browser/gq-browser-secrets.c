/* gq-browser-secrets.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "gq-browser-secrets.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    APPLICATION_ID ".Token", SECRET_SCHEMA_NONE,
    {
      { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean cleared = GPOINTER_TO_INT (g_task_get_task_data (task));

  if (cleared ? (secret_password_clear_finish (result, &error), error == NULL)
              : secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gq_browser_secrets_store_async (const char          *endpoint,
                                const char          *token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *label = g_strdup_printf (_("Access token for %s"), endpoint);
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  gboolean clear = token == NULL || *token == '\0';

  g_task_set_source_tag (task, gq_browser_secrets_store_async);
  g_task_set_task_data (task, GINT_TO_POINTER (clear), NULL);

  if (clear)
    secret_password_clear (token_schema (), cancellable, on_stored, task,
                           "endpoint", endpoint, NULL);
  else
    secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                           cancellable, on_stored, task,
                           "endpoint", endpoint, NULL);
}

gboolean
gq_browser_secrets_store_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gq_browser_secrets_lookup_async (const char          *endpoint,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  secret_password_lookup (token_schema (), cancellable, callback, user_data,
                          "endpoint", endpoint, NULL);
}

char *
gq_browser_secrets_lookup_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return secret_password_lookup_finish (result, error);
}
