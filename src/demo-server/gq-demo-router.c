/* gq-demo-router.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* json-server's routes over a GqDemoStore:
 *
 *   GET    /                       the collections, their sizes and URLs
 *   GET    /db                     everything
 *   GET    /<c>                    a listing (see gq-demo-query.c)
 *   POST   /<c>                    201 + the new record + Location
 *   GET    /<c>/<id>               the record
 *   PUT    /<c>/<id>               replace (the id stays)
 *   PATCH  /<c>/<id>               shallow merge
 *   DELETE /<c>/<id>               200 {} (dependents go too)
 *   GET    /<parent>/<id>/<c>      /<c>?<reference to parent>=<id>
 *
 * Writes may carry an Idempotency-Key. */

#include "gq-demo-router.h"
#include "gq-demo-json.h"
#include "gq-demo-query.h"
#include "gq-demo-schema.h"

#include <string.h>

static GStrv
split_path (const char *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *segment = NULL;

      if (*parts[i] == '\0')
        continue;

      segment = g_uri_unescape_string (parts[i], NULL);
      if (segment == NULL || !g_utf8_validate (segment, -1, NULL))
        return NULL;
      g_strv_builder_add (builder, segment);
    }

  return g_strv_builder_end (builder);
}

/* Faults and delays apply to the collection routes only, so a demo can
 * always list what there is. */
gboolean
gq_demo_router_is_collection_route (GqDemoStore *store,
                                    const char  *path)
{
  g_auto(GStrv) segments = split_path (path);

  return segments != NULL && segments[0] != NULL
         && gq_demo_store_lookup (store, segments[0]) != NULL;
}

static char *
absolute_url (const GqDemoRequest *request,
              const char          *collection,
              const char          *id_key)
{
  g_autofree char *escaped_collection = g_uri_escape_string (collection, NULL, FALSE);

  if (id_key != NULL)
    {
      g_autofree char *escaped_id = g_uri_escape_string (id_key, NULL, FALSE);

      return g_strdup_printf ("http://%s/%s/%s", request->host, escaped_collection, escaped_id);
    }

  return g_strdup_printf ("http://%s/%s", request->host, escaped_collection);
}

static GqDemoReply *
handle_root (GqDemoStore         *store,
             const GqDemoRequest *request)
{
  JsonObject *root = json_object_new ();
  JsonArray *collections = json_array_new ();

  for (guint i = 0; i < gq_demo_store_get_n_collections (store); i++)
    {
      GqDemoCollection *collection = gq_demo_store_get_collection (store, i);
      const char *name = gq_demo_collection_get_name (collection);
      g_autofree char *url = absolute_url (request, name, NULL);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "name", name);
      json_object_set_int_member (entry, "count", gq_demo_collection_get_n_records (collection));
      json_object_set_string_member (entry, "url", url);
      json_array_add_object_element (collections, entry);
    }

  json_object_set_string_member (root, "name", "gquery-demo-server");
  json_object_set_array_member (root, "collections", collections);

  return gq_demo_reply_new (200, gq_demo_json_take_object (root));
}

/* json-server builds each Link by replacing the first "page=<current>"
 * in the request URL, so a URL that spells the page differently (such
 * as _page=0) keeps it unchanged: the same here. */
static void
append_link (GString    *links,
             const char *url,
             guint       current,
             guint       target,
             const char *rel)
{
  g_autofree char *needle = g_strdup_printf ("page=%u", current);
  const char *found = strstr (url, needle);

  if (links->len > 0)
    g_string_append (links, ", ");

  g_string_append_c (links, '<');
  if (found != NULL)
    {
      g_string_append_len (links, url, found - url);
      g_string_append_printf (links, "page=%u", target);
      g_string_append (links, found + strlen (needle));
    }
  else
    {
      g_string_append (links, url);
    }
  g_string_append_printf (links, ">; rel=\"%s\"", rel);
}

static GqDemoReply *
handle_list (GqDemoStore         *store,
             GqDemoCollection    *collection,
             const GqDemoRequest *request,
             const char          *reference,
             const char          *reference_id)
{
  g_autoptr(GPtrArray) params = gq_demo_query_parse (request->query);
  g_autoptr(GqDemoListing) listing = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  GqDemoReply *reply;

  if (reference != NULL)
    gq_demo_query_add_param (params, reference, reference_id);

  listing = gq_demo_query_run (collection, params, &error);
  if (listing == NULL)
    return gq_demo_reply_new_error (400, NULL, "%s", error->message);

  array = json_array_sized_new (listing->records->len);
  for (guint i = 0; i < listing->records->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (listing->records, i)));
  reply = gq_demo_reply_new (200, gq_demo_json_take_array (array));

  if (listing->counted)
    {
      g_autofree char *total = g_strdup_printf ("%u", listing->total);

      gq_demo_reply_add_header (reply, "X-Total-Count", total);
      gq_demo_reply_add_header (reply, "Access-Control-Expose-Headers",
                                listing->paged ? "X-Total-Count, Link" : "X-Total-Count");
    }

  if (listing->paged)
    {
      g_autoptr(GString) links = g_string_new (NULL);
      g_autofree char *url = g_strdup_printf ("http://%s%s%s%s", request->host, request->path,
                                              request->query != NULL ? "?" : "",
                                              request->query != NULL ? request->query : "");

      if (listing->first_page)
        append_link (links, url, listing->current_page, listing->first_page, "first");
      if (listing->prev_page)
        append_link (links, url, listing->current_page, listing->prev_page, "prev");
      if (listing->next_page)
        append_link (links, url, listing->current_page, listing->next_page, "next");
      if (listing->last_page)
        append_link (links, url, listing->current_page, listing->last_page, "last");

      gq_demo_reply_add_header (reply, "Link", links->str);
    }

  return reply;
}

static GqDemoReply *
handle_get_record (GqDemoCollection *collection,
                   const char       *id_key)
{
  JsonObject *record = gq_demo_collection_lookup (collection, id_key);
  JsonNode *node;

  if (record == NULL)
    return gq_demo_reply_new_error (404, NULL, "%s/%s does not exist",
                                    gq_demo_collection_get_name (collection), id_key);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, record);
  return gq_demo_reply_new (200, node);
}

/* The route's foreign key for /<parent>/<id>/<child>: the child's field
 * that refers to the parent collection, else json-server's naming rule
 * (singular parent + "Id"). */
static char *
reference_field (const char *parent,
                 const char *child)
{
  const GqDemoField *fields;
  guint n_fields;
  gsize length = strlen (parent);

  fields = gq_demo_schema_get_fields (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].collection, child)
        && fields[i].references != NULL
        && g_str_equal (fields[i].references, parent))
      return g_strdup (fields[i].path);

  if (g_str_has_suffix (parent, "ies"))
    return g_strdup_printf ("%.*syId", (int) length - 3, parent);
  if (g_str_has_suffix (parent, "s"))
    return g_strdup_printf ("%.*sId", (int) length - 1, parent);
  return g_strdup_printf ("%sId", parent);
}

static gboolean
is_json_content_type (const char *content_type)
{
  g_autofree char *media_type = NULL;
  const char *semicolon;

  if (content_type == NULL)
    return TRUE;

  semicolon = strchr (content_type, ';');
  media_type = g_strstrip (g_ascii_strdown (content_type, semicolon ? semicolon - content_type : -1));

  return g_str_equal (media_type, "application/json") || g_str_has_suffix (media_type, "+json");
}

/* The body of a write: a JSON object, or the 4xx reply saying why not. */
static JsonObject *
parse_body (const GqDemoRequest  *request,
            GqDemoReply         **error_reply)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size = 0;

  if (!is_json_content_type (request->content_type))
    {
      *error_reply = gq_demo_reply_new_error (415, NULL, "the body must be application/json, not %s",
                                              request->content_type);
      return NULL;
    }

  data = request->body != NULL ? g_bytes_get_data (request->body, &size) : NULL;
  if (size > GQ_DEMO_MAX_BODY_SIZE)
    {
      *error_reply = gq_demo_reply_new_error (413, NULL, "the body is larger than %u bytes",
                                              GQ_DEMO_MAX_BODY_SIZE);
      return NULL;
    }

  if (size == 0 || !g_utf8_validate (data, size, NULL))
    {
      *error_reply = gq_demo_reply_new_error (400, NULL, "malformed JSON: %s",
                                              size == 0 ? "empty body" : "not UTF-8");
      return NULL;
    }

  root = gq_demo_json_parse (data, size, &error);
  if (root == NULL)
    {
      *error_reply = gq_demo_reply_new_error (400, NULL, "malformed JSON: %s", error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *error_reply = gq_demo_reply_new_error (400, NULL, "the body must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static GqDemoReply *
handle_write (GqDemoStore         *store,
              const GqDemoRequest *request,
              GqDemoCollection    *collection,
              const char          *id_key)
{
  const char *name = gq_demo_collection_get_name (collection);
  g_autoptr(JsonObject) body = NULL;
  GqDemoReply *reply = NULL;

  if (g_str_equal (request->method, "DELETE"))
    return gq_demo_store_delete (store, name, id_key);

  if (!(body = parse_body (request, &reply)))
    return reply;

  if (g_str_equal (request->method, "POST"))
    {
      reply = gq_demo_store_create (store, name, body);
      if (reply->status == 201)
        {
          JsonObject *record = json_node_get_object (reply->body);
          g_autofree char *new_key = gq_demo_json_id_key (json_object_get_member (record, "id"));
          g_autofree char *location = absolute_url (request, name, new_key);

          gq_demo_reply_add_header (reply, "Location", location);
          gq_demo_reply_add_header (reply, "Access-Control-Expose-Headers", "Location");
        }
      return reply;
    }

  if (g_str_equal (request->method, "PUT"))
    return gq_demo_store_replace (store, name, id_key, body);

  return gq_demo_store_update (store, name, id_key, body);
}

static char *
fingerprint (const GqDemoRequest *request)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) request->method, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) request->path, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  if (request->body != NULL)
    g_checksum_update (checksum, g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));

  return g_strdup (g_checksum_get_string (checksum));
}

/* A key remembers the first successful reply; a failed write changed
 * nothing, so repeating it is harmless and may succeed once fixed. */
static GqDemoReply *
handle_idempotent_write (GqDemoStore         *store,
                         const GqDemoRequest *request,
                         GqDemoCollection    *collection,
                         const char          *id_key)
{
  g_autofree char *print = NULL;
  GqDemoReply *reply;

  if (request->idempotency_key == NULL)
    return handle_write (store, request, collection, id_key);

  if (*request->idempotency_key == '\0' || strlen (request->idempotency_key) > 255)
    return gq_demo_reply_new_error (400, NULL, "Idempotency-Key must have 1 to 255 characters");

  print = fingerprint (request);
  if ((reply = gq_demo_store_replay (store, request->idempotency_key, print)))
    return reply;

  reply = handle_write (store, request, collection, id_key);
  if (reply->status >= 200 && reply->status < 300)
    gq_demo_store_remember (store, request->idempotency_key, print, reply);

  return reply;
}

static GqDemoReply *
not_found (const GqDemoRequest *request)
{
  return gq_demo_reply_new_error (404, NULL, "no route for %s %s", request->method, request->path);
}

GqDemoReply *
gq_demo_router_handle (GqDemoStore         *store,
                       const GqDemoRequest *request)
{
  g_auto(GStrv) segments = split_path (request->path);
  gboolean is_get = g_str_equal (request->method, "GET") || g_str_equal (request->method, "HEAD");
  GqDemoCollection *collection;
  guint n_segments;

  if (segments == NULL)
    return gq_demo_reply_new_error (400, NULL, "malformed path %s", request->path);

  n_segments = g_strv_length (segments);

  if (n_segments == 0)
    return is_get ? handle_root (store, request) : not_found (request);

  collection = gq_demo_store_lookup (store, segments[0]);
  if (collection == NULL)
    {
      if (n_segments == 1 && is_get && g_str_equal (segments[0], "db"))
        return gq_demo_reply_new (200, gq_demo_store_to_json (store));

      return gq_demo_reply_new_error (404, NULL, "no collection named \"%s\"", segments[0]);
    }

  if (n_segments == 1)
    {
      if (is_get)
        return handle_list (store, collection, request, NULL, NULL);
      if (g_str_equal (request->method, "POST"))
        return handle_idempotent_write (store, request, collection, NULL);
      return not_found (request);
    }

  if (n_segments == 2)
    {
      if (is_get)
        return handle_get_record (collection, segments[1]);
      if (g_str_equal (request->method, "PUT")
          || g_str_equal (request->method, "PATCH")
          || g_str_equal (request->method, "DELETE"))
        return handle_idempotent_write (store, request, collection, segments[1]);
      return not_found (request);
    }

  if (n_segments == 3 && is_get)
    {
      GqDemoCollection *child = gq_demo_store_lookup (store, segments[2]);
      g_autofree char *reference = NULL;

      if (child == NULL)
        return gq_demo_reply_new_error (404, NULL, "no collection named \"%s\"", segments[2]);

      reference = reference_field (segments[0], segments[2]);
      return handle_list (store, child, request, reference, segments[1]);
    }

  return not_found (request);
}
