/* gq-browser-connection.c: one REST endpoint, its client and its writes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gq-browser-connection.h"

#define PAGE_SIZE          50
#define MUTATION_RETRIES   2

struct _GqBrowserConnection
{
  GObject              parent_instance;

  char                *base_uri;
  char                *display_name;
  GqBrowserBackend     backend;
  GqQueryClient       *client;
  GqRestSource        *source;
  GqPersistController *persist;
  GSettings           *settings;
  GqMutationObserver  *writer;
  guint                pending_count;

  /* The last certificate refused, for "Trust This Certificate". */
  char                *rejected_peer;
  char                *rejected_fingerprint;
};

enum {
  PROP_0,
  PROP_PENDING_COUNT,
  PROP_BACKEND,
  N_PROPS
};

enum {
  MUTATION_FAILED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (GqBrowserConnection, gq_browser_connection, G_TYPE_OBJECT)

/* Certificates */

static char *
certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

static char *
message_peer (SoupMessage *message)
{
  GUri *uri = soup_message_get_uri (message);

  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       GqBrowserConnection  *self)
{
  g_autofree char *peer = message_peer (message);
  g_autofree char *fingerprint = certificate_fingerprint (certificate);
  g_autofree char *trusted = NULL;
  g_autoptr(GVariant) store = g_settings_get_value (self->settings, "trusted-certificates");

  if (fingerprint != NULL &&
      g_variant_lookup (store, peer, "s", &trusted) &&
      g_str_equal (trusted, fingerprint))
    return TRUE;

  /* Never accepted silently: the user decides, for this endpoint only. */
  g_free (self->rejected_peer);
  self->rejected_peer = g_steal_pointer (&peer);
  g_free (self->rejected_fingerprint);
  self->rejected_fingerprint = g_steal_pointer (&fingerprint);

  return FALSE;
}

static void
on_request_queued (SoupSession         *session,
                   SoupMessage         *message,
                   GqBrowserConnection *self)
{
  g_signal_connect_object (message, "accept-certificate",
                           G_CALLBACK (on_accept_certificate), self, 0);
}

gboolean
gq_browser_connection_has_rejected_certificate (GqBrowserConnection *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), FALSE);

  return self->rejected_fingerprint != NULL;
}

gboolean
gq_browser_connection_trust_rejected_certificate (GqBrowserConnection *self)
{
  g_autoptr(GVariant) store = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  GVariantIter iter;
  const char *peer, *fingerprint;

  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), FALSE);

  if (self->rejected_fingerprint == NULL)
    return FALSE;

  store = g_settings_get_value (self->settings, "trusted-certificates");
  g_variant_iter_init (&iter, store);
  while (g_variant_iter_next (&iter, "{&s&s}", &peer, &fingerprint))
    if (!g_str_equal (peer, self->rejected_peer))
      g_variant_builder_add (&builder, "{ss}", peer, fingerprint);
  g_variant_builder_add (&builder, "{ss}", self->rejected_peer, self->rejected_fingerprint);
  g_settings_set_value (self->settings, "trusted-certificates", g_variant_builder_end (&builder));

  g_clear_pointer (&self->rejected_peer, g_free);
  g_clear_pointer (&self->rejected_fingerprint, g_free);

  return TRUE;
}

/* Errors */

char *
gq_browser_connection_describe_error (GqBrowserConnection *self,
                                      const GError        *error)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (self->rejected_fingerprint != NULL)
    return g_strdup_printf (_("The certificate of %s is not trusted. Check that this is the server you meant to reach."),
                            self->rejected_peer);

  if (error->domain == GQ_HTTP_ERROR)
    {
      const char *server_message = gq_http_error_get_server_message (error);
      guint status = gq_http_error_get_status (error);

      if (status == 0)
        return g_strdup_printf (_("Could not reach %s: %s"), self->display_name, error->message);
      if (status == 401 || status == 403)
        return g_strdup_printf (_("The server refused access (HTTP %u). Check the access token."), status);
      if (server_message != NULL && *server_message != '\0')
        return g_strdup_printf (_("%s (HTTP %u)"), server_message, status);
      return g_strdup_printf (_("The server answered with an error (HTTP %u)."), status);
    }

  if (g_error_matches (error, GQ_ERROR, GQ_ERROR_INVALID_JSON))
    return g_strdup (_("The server did not answer with JSON. Is this the address of a REST API?"));

  if (g_error_matches (error, GQ_ERROR, GQ_ERROR_BODY_TOO_LARGE))
    return g_strdup (_("The server’s answer is too large to show."));

  return g_strdup (error->message);
}

/* The collections: detecting json-server (and the demo server) or PostgREST */

typedef struct
{
  GqFetchContext *context;
  GWeakRef        connection;
  gboolean        tried_db;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->context);
  g_weak_ref_clear (&probe->connection);
  g_free (probe);
}

static void probe_send (GqBrowserConnection *self,
                        Probe               *probe,
                        const char          *path);

/* PostgREST's OpenAPI description gives each column's SQL type as its
 * format; `ilike` works on these, and fails on dates, uuids, enums, json. */
static const char * const searchable_formats[] = {
  "text", "character varying", "character", "citext", "name",
};

static gboolean
is_searchable_column (JsonObject *column)
{
  const char *format = json_object_get_string_member_with_default (column, "format", NULL);

  if (g_strcmp0 (json_object_get_string_member_with_default (column, "type", NULL), "string") != 0 ||
      format == NULL || json_object_has_member (column, "enum"))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (searchable_formats); i++)
    if (g_str_equal (format, searchable_formats[i]))
      return TRUE;

  return FALSE;
}

/* From the table's definition: its primary key (marked "<pk/>" in the
 * column's description) and its text columns, in the listing's order. */
static void
add_postgrest_columns (JsonBuilder *builder,
                       JsonObject  *definition)
{
  JsonObject *columns = NULL;
  const char *primary_key = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *column;

  if (definition != NULL && JSON_NODE_HOLDS_OBJECT (json_object_get_member (definition, "properties")))
    columns = json_object_get_object_member (definition, "properties");

  json_builder_set_member_name (builder, "search");
  json_builder_begin_array (builder);
  if (columns != NULL)
    {
      json_object_iter_init_ordered (&iter, columns);
      while (json_object_iter_next_ordered (&iter, &name, &column))
        {
          const char *description;

          if (!JSON_NODE_HOLDS_OBJECT (column))
            continue;
          description = json_object_get_string_member_with_default (json_node_get_object (column),
                                                                    "description", NULL);
          if (primary_key == NULL && description != NULL && strstr (description, "<pk/>") != NULL)
            primary_key = name;
          if (is_searchable_column (json_node_get_object (column)))
            json_builder_add_string_value (builder, name);
        }
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "key");
  if (primary_key != NULL)
    json_builder_add_string_value (builder, primary_key);
  else
    json_builder_add_null_value (builder);
}

/* @definition: for PostgREST, the table's OpenAPI definition (%NULL if the
 * description has none); %NULL for json-server. */
static JsonNode *
collection_entry (const char *name,
                  JsonNode   *count,
                  gboolean    postgrest,
                  JsonObject *definition)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "count");
  if (count != NULL && JSON_NODE_HOLDS_VALUE (count))
    json_builder_add_value (builder, json_node_copy (count));
  else
    json_builder_add_null_value (builder);
  if (postgrest)
    add_postgrest_columns (builder, definition);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  JsonNode *na = *(JsonNode **) a;
  JsonNode *nb = *(JsonNode **) b;

  return g_strcmp0 (json_object_get_string_member (json_node_get_object (na), "name"),
                    json_object_get_string_member (json_node_get_object (nb), "name"));
}

/* Returns the listing, or NULL when @body does not describe collections. */
static JsonNode *
parse_listing (JsonNode         *body,
               gboolean          from_db,
               GqBrowserBackend *backend)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *object;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;

  object = json_node_get_object (body);

  if (!from_db && json_object_has_member (object, "collections") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "collections")))
    {
      JsonArray *list = json_object_get_array_member (object, "collections");

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *element = json_array_get_element (list, i);
          JsonObject *entry;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          entry = json_node_get_object (element);
          if (json_object_get_string_member_with_default (entry, "name", NULL) == NULL)
            continue;
          g_ptr_array_add (entries, collection_entry (json_object_get_string_member (entry, "name"),
                                                      json_object_get_member (entry, "count"), FALSE, NULL));
        }
      *backend = GQ_BROWSER_BACKEND_JSON_SERVER;
    }
  else if (!from_db && json_object_has_member (object, "paths") &&
           JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "paths")))
    {
      JsonObject *definitions = NULL;
      JsonObjectIter iter;
      const char *path;
      JsonNode *value;

      if (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "definitions")))
        definitions = json_object_get_object_member (object, "definitions");

      json_object_iter_init (&iter, json_object_get_object_member (object, "paths"));
      while (json_object_iter_next (&iter, &path, &value))
        if (path[0] == '/' && path[1] != '\0' && strchr (path + 1, '/') == NULL)
          {
            JsonNode *definition = definitions ? json_object_get_member (definitions, path + 1) : NULL;

            g_ptr_array_add (entries,
                             collection_entry (path + 1, NULL, TRUE,
                                               definition && JSON_NODE_HOLDS_OBJECT (definition)
                                               ? json_node_get_object (definition) : NULL));
          }
      *backend = GQ_BROWSER_BACKEND_POSTGREST;
    }
  else if (from_db)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &value))
        if (JSON_NODE_HOLDS_ARRAY (value) && name[0] != '$')
          {
            g_autoptr(JsonNode) count = json_node_new (JSON_NODE_VALUE);

            json_node_set_int (count, json_array_get_length (json_node_get_array (value)));
            g_ptr_array_add (entries, collection_entry (name, count, FALSE, NULL));
          }
      *backend = GQ_BROWSER_BACKEND_JSON_SERVER;
    }
  else
    {
      return NULL;
    }

  if (entries->len == 0)
    return NULL;

  g_ptr_array_sort (entries, compare_entries);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "backend");
  json_builder_add_string_value (builder, *backend == GQ_BROWSER_BACKEND_POSTGREST
                                          ? "postgrest" : "json-server");
  json_builder_set_member_name (builder, "collections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    json_builder_add_value (builder, json_node_copy (g_ptr_array_index (entries, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
set_backend (GqBrowserConnection *self,
             GqBrowserBackend     backend)
{
  gq_rest_source_set_pagination (self->source,
                                 backend == GQ_BROWSER_BACKEND_POSTGREST
                                 ? GQ_REST_PAGINATION_POSTGREST
                                 : GQ_REST_PAGINATION_JSON_SERVER);
  if (self->backend != backend)
    {
      self->backend = backend;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BACKEND]);
    }
}

static void
on_probed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GqBrowserConnection) self = g_weak_ref_get (&probe->connection);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) listing = NULL;
  g_autoptr(GError) error = NULL;
  GqBrowserBackend backend = GQ_BROWSER_BACKEND_AUTO;

  body = gq_rest_source_request_finish (GQ_REST_SOURCE (object), result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The connection was closed");
      gq_fetch_context_reject (probe->context, error);
      probe_free (probe);
      return;
    }

  listing = parse_listing (body, probe->tried_db, &backend);
  if (listing != NULL &&
      (self->backend == GQ_BROWSER_BACKEND_AUTO || self->backend == backend))
    {
      set_backend (self, backend);
      gq_fetch_context_resolve (probe->context, listing);
      probe_free (probe);
      return;
    }

  /* json-server 0.17 serves a home page at "/": its collections are the
   * arrays of "/db". Errors that mean "no server here" end the probe. */
  if (!probe->tried_db && self->backend != GQ_BROWSER_BACKEND_POSTGREST &&
      (error == NULL ||
       g_error_matches (error, GQ_ERROR, GQ_ERROR_INVALID_JSON) ||
       g_error_matches (error, GQ_HTTP_ERROR, GQ_HTTP_ERROR_NOT_FOUND)))
    {
      probe->tried_db = TRUE;
      probe_send (self, probe, "db");
      return;
    }

  if (error != NULL)
    gq_fetch_context_reject (probe->context, error);
  else
    gq_fetch_context_reject_literal (probe->context, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                     _("The server does not list any collections. Is this the address of a json-server or PostgREST API?"));
  probe_free (probe);
}

static void
probe_send (GqBrowserConnection *self,
            Probe               *probe,
            const char          *path)
{
  g_autoptr(JsonNode) key = path ? gq_key_new (path, NULL) : json_from_string ("[]", NULL);

  gq_rest_source_request_async (self->source, "GET", key, NULL,
                                gq_fetch_context_get_cancellable (probe->context),
                                on_probed, probe);
}

static void
collections_query_func (GqFetchContext *context,
                        gpointer        user_data)
{
  GqBrowserConnection *self = user_data;
  Probe *probe = g_new0 (Probe, 1);

  probe->context = g_object_ref (context);
  g_weak_ref_init (&probe->connection, self);
  probe_send (self, probe, NULL);
}

/* Options of the queries the window runs */

static void
apply_settings (GqBrowserConnection *self,
                GqQueryOptions      *options)
{
  guint polling = g_settings_get_uint (self->settings, "polling-interval");

  gq_query_options_set_stale_time (options, (gint64) g_settings_get_uint (self->settings, "stale-time") * 1000);
  gq_query_options_set_refetch_interval (options, polling > 0 ? (gint64) polling * 1000 : 0);
  gq_query_options_set_refetch_on_window_focus (options,
                                                g_settings_get_boolean (self->settings, "refetch-on-focus")
                                                ? GQ_REFETCH_IF_STALE : GQ_REFETCH_NEVER);
}

GqQueryOptions *
gq_browser_connection_collections_options (GqBrowserConnection *self)
{
  g_autoptr(JsonNode) key = gq_key_new (GQ_BROWSER_COLLECTIONS_KEY, NULL);
  GqQueryOptions *options;

  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);

  options = gq_query_options_new (key);
  gq_query_options_set_query_func (options, collections_query_func, self, NULL);
  apply_settings (self, options);
  /* A wrong address should say so at once, not after a minute of retries. */
  gq_query_options_set_retry (options, 1);
  gq_query_options_set_retry_delay (options, 500);
  gq_query_options_set_refetch_interval (options, 0);

  return options;
}

/* The collection's entry in the cached listing; @listing holds it. */
static JsonObject *
lookup_collection (GqBrowserConnection  *self,
                   const char           *collection,
                   JsonNode            **listing)
{
  g_autoptr(JsonNode) key = gq_key_new (GQ_BROWSER_COLLECTIONS_KEY, NULL);
  JsonArray *entries;

  *listing = gq_query_client_get_query_data (self->client, key);
  if (*listing == NULL || !JSON_NODE_HOLDS_OBJECT (*listing) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (*listing), "collections")))
    return NULL;

  entries = json_object_get_array_member (json_node_get_object (*listing), "collections");
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "name", NULL), collection) == 0)
        return entry;
    }

  return NULL;
}

/**
 * gq_browser_connection_dup_default_sort_field:
 * @self: a connection
 * @collection: a collection's name
 *
 * Gets the field a collection is sorted by when the user has not chosen
 * one: the id for json-server, the primary key for PostgREST (its tables
 * need not have an `id` column, and sorting by one they lack is an error).
 *
 * Returns: (transfer full) (nullable): the field, or %NULL for the
 *   server's own order
 */
char *
gq_browser_connection_dup_default_sort_field (GqBrowserConnection *self,
                                              const char          *collection)
{
  g_autoptr(JsonNode) listing = NULL;
  JsonObject *entry;

  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);
  g_return_val_if_fail (collection != NULL, NULL);

  if (self->backend != GQ_BROWSER_BACKEND_POSTGREST)
    return g_strdup ("id");

  entry = lookup_collection (self, collection, &listing);
  if (entry == NULL)
    return NULL;

  return g_strdup (json_object_get_string_member_with_default (entry, "key", NULL));
}

/**
 * gq_browser_connection_can_search:
 * @self: a connection
 * @collection: a collection's name
 *
 * Whether the server can search the collection's records: json-server
 * searches every field (`q`); PostgREST searches the text columns of the
 * table's definition (an `ilike` filter on each), so a table without any
 * cannot be searched.
 *
 * Returns: %TRUE if a search filters the collection
 */
gboolean
gq_browser_connection_can_search (GqBrowserConnection *self,
                                  const char          *collection)
{
  g_autoptr(JsonNode) listing = NULL;
  JsonObject *entry;

  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), FALSE);
  g_return_val_if_fail (collection != NULL, FALSE);

  if (self->backend != GQ_BROWSER_BACKEND_POSTGREST)
    return TRUE;

  entry = lookup_collection (self, collection, &listing);

  return entry != NULL && JSON_NODE_HOLDS_ARRAY (json_object_get_member (entry, "search")) &&
         json_array_get_length (json_object_get_array_member (entry, "search")) > 0;
}

/* PostgREST's `or` filter over the text columns: values holding its
 * reserved characters are double-quoted, with `"` and `\` escaped. */
static char *
postgrest_search_filter (JsonObject *entry,
                         const char *search)
{
  g_autoptr(GString) filter = g_string_new ("(");
  g_autoptr(GString) pattern = g_string_new ("\"*");
  JsonArray *columns;

  if (entry == NULL || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (entry, "search")))
    return NULL;
  columns = json_object_get_array_member (entry, "search");
  if (json_array_get_length (columns) == 0)
    return NULL;

  for (const char *c = search; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *c);
    }
  g_string_append (pattern, "*\"");

  for (guint i = 0; i < json_array_get_length (columns); i++)
    g_string_append_printf (filter, "%s%s.ilike.%s", i > 0 ? "," : "",
                            json_array_get_string_element (columns, i), pattern->str);
  g_string_append_c (filter, ')');

  return g_string_free (g_steal_pointer (&filter), FALSE);
}

GqInfiniteQueryOptions *
gq_browser_connection_list_options (GqBrowserConnection *self,
                                    const char          *collection,
                                    const char          *sort_field,
                                    gboolean             descending,
                                    const char          *search)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) key = NULL;
  GqInfiniteQueryOptions *options;

  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);
  g_return_val_if_fail (collection != NULL, NULL);

  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, collection);
  json_builder_begin_object (builder);
  if (self->backend == GQ_BROWSER_BACKEND_POSTGREST)
    {
      if (sort_field != NULL)
        {
          g_autofree char *order = g_strdup_printf ("%s.%s", sort_field, descending ? "desc" : "asc");

          json_builder_set_member_name (builder, "order");
          json_builder_add_string_value (builder, order);
        }
      if (search != NULL && *search != '\0')
        {
          g_autoptr(JsonNode) listing = NULL;
          g_autofree char *filter = postgrest_search_filter (lookup_collection (self, collection, &listing),
                                                             search);

          /* Without text columns there is nothing to search (the window
           * says so: see gq_browser_connection_can_search()). */
          if (filter != NULL)
            {
              json_builder_set_member_name (builder, "or");
              json_builder_add_string_value (builder, filter);
            }
        }
    }
  else
    {
      if (sort_field != NULL)
        {
          json_builder_set_member_name (builder, "_sort");
          json_builder_add_string_value (builder, sort_field);
          json_builder_set_member_name (builder, "_order");
          json_builder_add_string_value (builder, descending ? "desc" : "asc");
        }
      if (search != NULL && *search != '\0')
        {
          json_builder_set_member_name (builder, "q");
          json_builder_add_string_value (builder, search);
        }
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  key = json_builder_get_root (builder);

  options = gq_infinite_query_options_new (key, NULL);
  gq_rest_source_setup_infinite_options (self->source, options);
  apply_settings (self, GQ_QUERY_OPTIONS (options));

  return options;
}

static gboolean
ids_equal (JsonNode *a,
           JsonNode *b)
{
  g_autofree char *sa = NULL;
  g_autofree char *sb = NULL;

  if (a == NULL || b == NULL || !JSON_NODE_HOLDS_VALUE (a) || !JSON_NODE_HOLDS_VALUE (b))
    return FALSE;

  /* json-server compares ids as strings: 1 and "1" are one record. */
  sa = json_node_get_value_type (a) == G_TYPE_STRING ? json_node_dup_string (a) : gq_json_to_canonical (a);
  sb = json_node_get_value_type (b) == G_TYPE_STRING ? json_node_dup_string (b) : gq_json_to_canonical (b);

  return g_strcmp0 (sa, sb) == 0;
}

static JsonNode *
record_id (JsonNode *record)
{
  if (record == NULL || !JSON_NODE_HOLDS_OBJECT (record))
    return NULL;

  return json_object_get_member (json_node_get_object (record), "id");
}

static JsonNode *
find_in_pages (JsonNode *data,
               JsonNode *id)
{
  JsonArray *pages;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data) ||
      !json_object_has_member (json_node_get_object (data), "pages"))
    return NULL;

  pages = json_object_get_array_member (json_node_get_object (data), "pages");
  for (guint p = 0; pages != NULL && p < json_array_get_length (pages); p++)
    {
      JsonNode *page = json_array_get_element (pages, p);
      JsonArray *items;

      if (!JSON_NODE_HOLDS_OBJECT (page) ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (page), "items")))
        continue;

      items = json_object_get_array_member (json_node_get_object (page), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        if (ids_equal (record_id (json_array_get_element (items, i)), id))
          return json_array_get_element (items, i);
    }

  return NULL;
}

JsonNode *
gq_browser_connection_find_cached_record (GqBrowserConnection *self,
                                          const char          *collection,
                                          JsonNode            *id,
                                          gint64              *updated_at)
{
  g_autoptr(JsonNode) key = gq_key_new (collection, NULL);
  g_autoptr(GqQueryFilters) filters = gq_query_filters_new (key);
  g_autoptr(JsonNode) all = NULL;
  JsonArray *pairs;

  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);

  all = gq_query_client_get_queries_data (self->client, filters);
  pairs = json_node_get_array (all);

  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonArray *pair = json_array_get_array_element (pairs, i);
      JsonNode *found = find_in_pages (json_array_get_element (pair, 1), id);

      if (found != NULL)
        {
          if (updated_at != NULL)
            {
              g_autoptr(GqQueryState) state =
                gq_query_client_get_query_state (self->client, json_array_get_element (pair, 0));

              *updated_at = state ? gq_query_state_get_data_updated_at (state) : 0;
            }
          return json_node_ref (found);
        }
    }

  return NULL;
}

static JsonNode *
select_first_row (JsonNode *data,
                  gpointer  user_data)
{
  if (data != NULL && JSON_NODE_HOLDS_ARRAY (data))
    {
      JsonArray *rows = json_node_get_array (data);

      if (json_array_get_length (rows) > 0)
        return json_node_ref (json_array_get_element (rows, 0));
      return json_node_new (JSON_NODE_NULL);
    }

  return data ? json_node_ref (data) : NULL;
}

GqQueryOptions *
gq_browser_connection_detail_options (GqBrowserConnection *self,
                                      const char          *collection,
                                      JsonNode            *id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(JsonNode) initial = NULL;
  GqQueryOptions *options;
  gint64 updated_at = 0;

  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);

  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, collection);
  if (self->backend == GQ_BROWSER_BACKEND_POSTGREST)
    {
      g_autofree char *text = gq_json_to_canonical (id);
      g_autofree char *filter = g_strdup_printf ("eq.%s", json_node_get_value_type (id) == G_TYPE_STRING
                                                         ? json_node_get_string (id) : text);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, filter);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_value (builder, json_node_copy (id));
    }
  json_builder_end_array (builder);
  key = json_builder_get_root (builder);

  options = gq_query_options_new (key);
  apply_settings (self, options);
  if (self->backend == GQ_BROWSER_BACKEND_POSTGREST)
    gq_query_options_set_select_func (options, select_first_row, NULL, NULL);

  /* What the list shows already, refreshed in the background. */
  initial = gq_browser_connection_find_cached_record (self, collection, id, &updated_at);
  if (initial != NULL && self->backend != GQ_BROWSER_BACKEND_POSTGREST)
    {
      gq_query_options_set_initial_data (options, initial);
      gq_query_options_set_initial_data_updated_at (options, updated_at);
    }

  return options;
}

/* Writes: optimistic updates, rolled back on failure */

typedef struct
{
  const char *method;
  JsonNode   *variables;
  JsonNode   *result;
  const char *pending_id;
} Edit;

static JsonNode *
merged_record (JsonNode   *old_record,
               JsonNode   *changes,
               gboolean    pending,
               const char *pending_id)
{
  JsonObject *merged = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (old_record != NULL && JSON_NODE_HOLDS_OBJECT (old_record))
    {
      json_object_iter_init_ordered (&iter, json_node_get_object (old_record));
      while (json_object_iter_next_ordered (&iter, &name, &value))
        if (name[0] != '$')
          json_object_set_member (merged, name, json_node_copy (value));
    }
  if (changes != NULL && JSON_NODE_HOLDS_OBJECT (changes))
    {
      json_object_iter_init_ordered (&iter, json_node_get_object (changes));
      while (json_object_iter_next_ordered (&iter, &name, &value))
        if (name[0] != '$')
          json_object_set_member (merged, name, json_node_copy (value));
    }
  if (pending)
    json_object_set_boolean_member (merged, "$pending", TRUE);
  if (pending_id != NULL)
    json_object_set_string_member (merged, "$pendingId", pending_id);

  json_node_take_object (node, merged);

  return node;
}

static gboolean
item_matches (JsonNode   *item,
              Edit       *edit)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (item))
    return FALSE;
  object = json_node_get_object (item);

  if (edit->pending_id != NULL)
    return g_strcmp0 (json_object_get_string_member_with_default (object, "$pendingId", NULL),
                      edit->pending_id) == 0;

  return ids_equal (json_object_get_member (object, "id"),
                    JSON_NODE_HOLDS_OBJECT (edit->variables) ? record_id (edit->variables) : edit->variables);
}

/* Applies @edit to a list query's pages or to a record query. */
static JsonNode *
apply_edit (JsonNode *previous,
            gpointer  user_data)
{
  Edit *edit = user_data;
  JsonObject *root;
  JsonArray *pages, *new_pages;
  JsonNode *node;
  gboolean changed = FALSE;

  if (previous == NULL || !JSON_NODE_HOLDS_OBJECT (previous))
    return NULL;

  root = json_node_get_object (previous);
  if (!json_object_has_member (root, "pages"))
    {
      /* A record's own query. */
      if (g_str_equal (edit->method, "PATCH") && item_matches (previous, edit))
        return edit->result ? json_node_ref (edit->result)
                            : merged_record (previous, edit->variables, TRUE, NULL);
      return NULL;
    }

  pages = json_object_get_array_member (root, "pages");
  if (pages == NULL)
    return NULL;

  new_pages = json_array_new ();
  for (guint p = 0; p < json_array_get_length (pages); p++)
    {
      JsonNode *page = json_array_get_element (pages, p);
      JsonArray *items, *new_items;
      JsonObject *new_page;
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (page) ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (page), "items")))
        {
          json_array_add_element (new_pages, json_node_copy (page));
          continue;
        }

      items = json_object_get_array_member (json_node_get_object (page), "items");
      new_items = json_array_new ();

      if (p == 0 && g_str_equal (edit->method, "POST") && edit->result == NULL)
        {
          /* Newest first: where the server will list it too. */
          json_array_add_element (new_items, merged_record (NULL, edit->variables, TRUE, edit->pending_id));
          changed = TRUE;
        }

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);

          if (!item_matches (item, edit))
            json_array_add_element (new_items, json_node_ref (item));
          else if (g_str_equal (edit->method, "DELETE"))
            changed = TRUE;
          else if (edit->result != NULL)
            json_array_add_element (new_items, json_node_ref (edit->result)), changed = TRUE;
          else if (g_str_equal (edit->method, "PATCH"))
            json_array_add_element (new_items, merged_record (item, edit->variables, TRUE, NULL)), changed = TRUE;
          else
            json_array_add_element (new_items, json_node_ref (item));
        }

      new_page = json_object_new ();
      json_object_iter_init_ordered (&iter, json_node_get_object (page));
      while (json_object_iter_next_ordered (&iter, &name, &value))
        if (!g_str_equal (name, "items"))
          json_object_set_member (new_page, name, json_node_copy (value));
      json_object_set_array_member (new_page, "items", new_items);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, new_page);
      json_array_add_element (new_pages, node);
    }

  if (!changed)
    {
      json_array_unref (new_pages);
      return NULL;
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, json_object_new ());
  json_object_set_array_member (json_node_get_object (node), "pages", new_pages);
  if (json_object_has_member (root, "pageParams"))
    json_object_set_member (json_node_get_object (node), "pageParams",
                            json_node_copy (json_object_get_member (root, "pageParams")));

  return node;
}

static const char *
mutation_method (JsonNode *meta)
{
  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    return json_object_get_string_member_with_default (json_node_get_object (meta), "method", "POST");

  return "POST";
}

static const char *
mutation_collection (GqMutation *mutation)
{
  JsonNode *key = gq_mutation_get_mutation_key (mutation);

  if (key == NULL || !JSON_NODE_HOLDS_ARRAY (key) || json_array_get_length (json_node_get_array (key)) == 0)
    return NULL;

  return json_array_get_string_element (json_node_get_array (key), 0);
}

static void
mutation_func (GqMutationContext *context,
               gpointer           user_data)
{
  GqRestSource *source = user_data;
  const char *method = mutation_method (gq_mutation_context_get_meta (context));

  if (g_str_equal (method, "PATCH"))
    gq_rest_source_patch_func (context, source);
  else if (g_str_equal (method, "DELETE"))
    gq_rest_source_delete_func (context, source);
  else
    gq_rest_source_post_func (context, source);
}

static JsonNode *
on_mutate (GqMutation  *mutation,
           JsonNode    *variables,
           gpointer     user_data,
           GError     **error)
{
  GqQueryClient *client = gq_mutation_get_client (mutation);
  const char *collection = mutation_collection (mutation);
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Edit edit = { 0 };

  if (collection == NULL)
    return NULL;

  key = gq_key_new (collection, NULL);
  filters = gq_query_filters_new (key);

  /* A refetch landing now would overwrite the optimistic change. */
  gq_query_client_cancel_queries (client, filters, GQ_CANCEL_FLAGS_NONE);
  snapshot = gq_query_client_get_queries_data (client, filters);

  edit.method = mutation_method (gq_mutation_get_meta (mutation));
  edit.variables = variables;
  edit.pending_id = g_str_equal (edit.method, "POST") ? gq_mutation_get_idempotency_key (mutation) : NULL;
  updated = gq_query_client_set_queries_data (client, filters, apply_edit, &edit, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "snapshot");
  json_builder_add_value (builder, json_node_ref (snapshot));
  if (edit.pending_id != NULL)
    {
      json_builder_set_member_name (builder, "pendingId");
      json_builder_add_string_value (builder, edit.pending_id);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
on_success (GqMutation  *mutation,
            JsonNode    *data,
            JsonNode    *variables,
            JsonNode    *context,
            gpointer     user_data,
            GError     **error)
{
  const char *collection = mutation_collection (mutation);
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;
  g_autoptr(JsonNode) updated = NULL;
  Edit edit = { 0 };

  edit.method = mutation_method (gq_mutation_get_meta (mutation));
  if (collection == NULL || g_str_equal (edit.method, "DELETE") ||
      data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;

  /* The server's record replaces the optimistic one until the refetch. */
  key = gq_key_new (collection, NULL);
  filters = gq_query_filters_new (key);
  edit.variables = variables;
  edit.result = data;
  if (context != NULL && JSON_NODE_HOLDS_OBJECT (context))
    edit.pending_id = json_object_get_string_member_with_default (json_node_get_object (context),
                                                                  "pendingId", NULL);
  updated = gq_query_client_set_queries_data (gq_mutation_get_client (mutation), filters,
                                              apply_edit, &edit, 0);
}

static void
on_error (GqMutation    *mutation,
          const GError  *failure,
          JsonNode      *variables,
          JsonNode      *context,
          gpointer       user_data,
          GError       **error)
{
  GqBrowserConnection *self = user_data;
  GqQueryClient *client = gq_mutation_get_client (mutation);
  g_autofree char *message = NULL;
  JsonArray *pairs = NULL;

  if (context != NULL && JSON_NODE_HOLDS_OBJECT (context) &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (context), "snapshot")))
    pairs = json_object_get_array_member (json_node_get_object (context), "snapshot");

  /* Roll back to what the cache held before the optimistic update. */
  for (guint i = 0; pairs != NULL && i < json_array_get_length (pairs); i++)
    {
      JsonArray *pair = json_array_get_array_element (pairs, i);
      JsonNode *data = json_array_get_element (pair, 1);

      if (!JSON_NODE_HOLDS_NULL (data))
        {
          g_autoptr(JsonNode) stored = gq_query_client_set_query_data (client,
                                                                      json_array_get_element (pair, 0),
                                                                      data, 0);
        }
    }

  message = gq_browser_connection_describe_error (self, failure);
  g_signal_emit (self, signals [MUTATION_FAILED], 0,
                 mutation_method (gq_mutation_get_meta (mutation)), message);
}

static void
on_settled (GqMutation    *mutation,
            JsonNode      *data,
            const GError  *failure,
            JsonNode      *variables,
            JsonNode      *context,
            gpointer       user_data,
            GError       **error)
{
  const char *collection = mutation_collection (mutation);
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(GqQueryFilters) filters = NULL;

  if (collection == NULL)
    return;

  key = gq_key_new (collection, NULL);
  filters = gq_query_filters_new (key);
  gq_query_client_invalidate_queries (gq_mutation_get_client (mutation), filters);
}

static void
write_record (GqBrowserConnection *self,
              const char          *collection,
              const char          *method,
              JsonNode            *variables)
{
  g_autoptr(JsonNode) key = gq_key_new (collection, NULL);
  g_autoptr(GqMutationOptions) options = gq_mutation_options_new (key);
  g_autoptr(JsonNode) meta = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (meta, json_object_new ());
  json_object_set_string_member (json_node_get_object (meta), "method", method);
  gq_mutation_options_set_meta (options, meta);

  if (self->writer == NULL)
    self->writer = gq_mutation_observer_new (self->client, options);
  else
    gq_mutation_observer_set_options (self->writer, options);

  gq_mutation_observer_mutate (self->writer, variables, NULL, NULL, NULL);
}

void
gq_browser_connection_create_record (GqBrowserConnection *self,
                                     const char          *collection,
                                     JsonNode            *record)
{
  g_return_if_fail (GQ_IS_BROWSER_CONNECTION (self));

  write_record (self, collection, "POST", record);
}

void
gq_browser_connection_update_record (GqBrowserConnection *self,
                                     const char          *collection,
                                     JsonNode            *changes)
{
  g_return_if_fail (GQ_IS_BROWSER_CONNECTION (self));

  write_record (self, collection, "PATCH", changes);
}

void
gq_browser_connection_delete_record (GqBrowserConnection *self,
                                     const char          *collection,
                                     JsonNode            *id)
{
  g_return_if_fail (GQ_IS_BROWSER_CONNECTION (self));

  write_record (self, collection, "DELETE", id);
}

static void
update_pending_count (GqBrowserConnection *self)
{
  g_autoptr(GPtrArray) mutations = gq_mutation_cache_get_all (gq_query_client_get_mutation_cache (self->client));
  guint count = 0;

  for (guint i = 0; i < mutations->len; i++)
    if (gq_mutation_get_status (g_ptr_array_index (mutations, i)) == GQ_MUTATION_STATUS_PENDING)
      count++;

  if (count != self->pending_count)
    {
      self->pending_count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_COUNT]);
    }
}

static void
on_mutation_event (GqMutationCache     *cache,
                   GqCacheEventType     type,
                   GqMutation          *mutation,
                   GObject             *observer,
                   GqBrowserConnection *self)
{
  update_pending_count (self);
}

guint
gq_browser_connection_get_pending_count (GqBrowserConnection *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), 0);

  return self->pending_count;
}

/* Persistence: the cache and the queued writes survive quitting. */

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GqBrowserConnection *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!gq_persist_controller_restore_finish (GQ_PERSIST_CONTROLLER (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  update_pending_count (self);
  g_task_return_boolean (task, TRUE);
}

void
gq_browser_connection_restore_async (GqBrowserConnection *self,
                                     const char          *cache_path,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GqFilePersister) persister = NULL;
  GTask *task;

  g_return_if_fail (GQ_IS_BROWSER_CONNECTION (self));
  g_return_if_fail (cache_path != NULL);
  g_return_if_fail (self->persist == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_browser_connection_restore_async);

  persister = gq_file_persister_new (cache_path);
  self->persist = gq_persist_controller_new (self->client, GQ_PERSISTER (persister));
  /* Another server's cache is no cache for this one. */
  gq_persist_controller_set_buster (self->persist, self->base_uri);
  gq_persist_controller_set_throttle_time (self->persist, 200);
  gq_persist_controller_restore_async (self->persist, cancellable, on_restored, task);
}

gboolean
gq_browser_connection_restore_finish (GqBrowserConnection  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_flushed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (gq_persist_controller_flush_finish (GQ_PERSIST_CONTROLLER (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gq_browser_connection_flush_async (GqBrowserConnection *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GQ_IS_BROWSER_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_browser_connection_flush_async);

  if (self->persist != NULL)
    gq_persist_controller_flush_async (self->persist, cancellable, on_flushed, task);
  else
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

gboolean
gq_browser_connection_flush_finish (GqBrowserConnection  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Object */

const char *
gq_browser_connection_get_base_uri (GqBrowserConnection *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);

  return self->base_uri;
}

const char *
gq_browser_connection_get_display_name (GqBrowserConnection *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);

  return self->display_name;
}

void
gq_browser_connection_set_display_name (GqBrowserConnection *self,
                                        const char          *name)
{
  g_return_if_fail (GQ_IS_BROWSER_CONNECTION (self));

  g_free (self->display_name);
  self->display_name = g_strdup (name);
}

GqBrowserBackend
gq_browser_connection_get_backend (GqBrowserConnection *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), GQ_BROWSER_BACKEND_AUTO);

  return self->backend;
}

GqQueryClient *
gq_browser_connection_get_client (GqBrowserConnection *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);

  return self->client;
}

GqRestSource *
gq_browser_connection_get_source (GqBrowserConnection *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);

  return self->source;
}

GSettings *
gq_browser_connection_get_settings (GqBrowserConnection *self)
{
  g_return_val_if_fail (GQ_IS_BROWSER_CONNECTION (self), NULL);

  return self->settings;
}

void
gq_browser_connection_set_auth_token (GqBrowserConnection *self,
                                      const char          *token)
{
  g_return_if_fail (GQ_IS_BROWSER_CONNECTION (self));

  gq_rest_source_set_auth_token (self->source, token);
}

static void
gq_browser_connection_dispose (GObject *object)
{
  GqBrowserConnection *self = GQ_BROWSER_CONNECTION (object);

  g_clear_object (&self->writer);
  g_clear_object (&self->persist);
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (gq_query_client_get_mutation_cache (self->client), self);
      gq_query_client_unmount (self->client);
      gq_query_client_clear (self->client);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->source);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gq_browser_connection_parent_class)->dispose (object);
}

static void
gq_browser_connection_finalize (GObject *object)
{
  GqBrowserConnection *self = GQ_BROWSER_CONNECTION (object);

  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->rejected_peer, g_free);
  g_clear_pointer (&self->rejected_fingerprint, g_free);

  G_OBJECT_CLASS (gq_browser_connection_parent_class)->finalize (object);
}

static void
gq_browser_connection_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GqBrowserConnection *self = GQ_BROWSER_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;

    case PROP_BACKEND:
      g_value_set_int (value, self->backend);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_browser_connection_class_init (GqBrowserConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gq_browser_connection_dispose;
  object_class->finalize = gq_browser_connection_finalize;
  object_class->get_property = gq_browser_connection_get_property;

  properties [PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_BACKEND] =
    g_param_spec_int ("backend", NULL, NULL,
                      0, GQ_BROWSER_BACKEND_POSTGREST, 0,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (method, message): a write failed and was rolled back. */
  signals [MUTATION_FAILED] =
    g_signal_new ("mutation-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
gq_browser_connection_init (GqBrowserConnection *self)
{
}

GqBrowserConnection *
gq_browser_connection_new (const char       *base_uri,
                           GqBrowserBackend  backend,
                           GqFocusManager   *focus_manager,
                           GqOnlineManager  *online_manager)
{
  GqBrowserConnection *self;
  g_autoptr(GqMutationOptions) defaults = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (base_uri != NULL, NULL);

  self = g_object_new (GQ_TYPE_BROWSER_CONNECTION, NULL);
  self->base_uri = g_strdup (base_uri);
  uri = g_uri_parse (base_uri, G_URI_FLAGS_NONE, NULL);
  self->display_name = g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : base_uri);
  self->backend = backend;
  self->settings = g_settings_new (APPLICATION_ID);

  self->client = gq_query_client_new_full (NULL,
                                           focus_manager ? focus_manager : gq_focus_manager_get_default (),
                                           online_manager ? online_manager : gq_online_manager_get_default ());

  self->source = gq_rest_source_new (base_uri);
  gq_rest_source_set_page_size (self->source, PAGE_SIZE);
  set_backend (self, backend);
  self->backend = backend;
  gq_rest_source_install (self->source, self->client);
  g_signal_connect_object (gq_rest_source_get_session (self->source), "request-queued",
                           G_CALLBACK (on_request_queued), self, 0);

  /* For every write, and for the writes restored from the cache: they
   * take their functions from the defaults. */
  defaults = gq_mutation_options_new (NULL);
  gq_mutation_options_set_mutation_func (defaults, mutation_func, g_object_ref (self->source), g_object_unref);
  gq_mutation_options_set_on_mutate_func (defaults, on_mutate, NULL, NULL);
  gq_mutation_options_set_on_success_func (defaults, on_success, NULL, NULL);
  gq_mutation_options_set_on_error_func (defaults, on_error, self, NULL);
  gq_mutation_options_set_on_settled_func (defaults, on_settled, NULL, NULL);
  gq_mutation_options_set_retry (defaults, MUTATION_RETRIES);
  gq_mutation_options_set_retry_func (defaults, gq_rest_source_retry_func, NULL, NULL);
  gq_query_client_set_default_mutation_options (self->client, defaults);

  g_signal_connect (gq_query_client_get_mutation_cache (self->client), "event",
                    G_CALLBACK (on_mutation_event), self);

  /* Refetch on focus and reconnect, resume queued writes on reconnect. */
  gq_query_client_mount (self->client);

  return self;
}
