/* gq-rest-source.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "gq-rest-source.h"
#include "gq-rest-private.h"
#include "gq-enum-types.h"
#include "gq-error.h"
#include "gq-fetch-context.h"
#include "gq-infinite-query-options.h"
#include "gq-query-client.h"
#include "gq-query-options.h"
#include "gq-retryer-private.h"

/**
 * GqRestSource:
 *
 * Fetches queries from a REST server over HTTP, with libsoup.
 *
 * A source has a base URI and a [class@Soup.Session] (keep-alive, at most
 * 8 connections a host, a 30 s I/O timeout, unless you bring your own).
 * The source hands the session as many requests at once as the session
 * has connections to the host (the smaller of its `max-conns` and
 * `max-conns-per-host`) and keeps the others waiting, in order: a session
 * given thousands of requests at once spends time quadratic in their
 * number looking through them. To send more requests at once, bring a
 * session with higher limits.
 * [func@Gq.RestSource.query_func] is a [callback@Gq.QueryFunc] that maps
 * the query key to a `GET`:
 *
 * - the key's leading strings and numbers are path segments under the
 *   base URI, each percent-escaped, so `"a/b"` is one segment `a%2Fb`
 *   (empty, `.` and `..` segments are refused);
 * - a trailing object is the query string, its parameters sorted by name:
 *   strings as they are, numbers as JavaScript writes them (`2`, `0.5`),
 *   booleans as `true`/`false`, null left out, an array as the parameter
 *   repeated in array order; nested containers are refused;
 * - anything else (a boolean or null element, an object before the end)
 *   fails with [error@Gq.Error.INVALID_KEY].
 *
 * With the base `http://h/api`, `["todos", {"page": 2}]` is
 * `GET http://h/api/todos?page=2`, `["posts", 1, "comments"]` is
 * `GET http://h/api/posts/1/comments` and
 * `["todos", {"id": [1, 2], "q": "a b"}]` is
 * `GET http://h/api/todos?id=1&id=2&q=a%20b`.
 *
 * The response's JSON is the query's data; an empty body is JSON null.
 * Bodies above [property@Gq.RestSource:parse-threshold] are parsed on a
 * worker thread, bodies above [property@Gq.RestSource:max-body-size] are
 * refused with [error@Gq.Error.BODY_TOO_LARGE], malformed JSON fails with
 * [error@Gq.Error.INVALID_JSON] (with its line and column). A status other
 * than 2xx is an error of %GQ_HTTP_ERROR whose code is the status,
 * whose message is the server's (see [func@Gq.HttpError.get_server_message])
 * and which carries `Retry-After`; a request that got no response is
 * [error@Gq.HttpError.NETWORK]. The fetch context's cancellable cancels the
 * request, even in the middle of the body.
 *
 * [func@Gq.RestSource.retry_func] retries what may pass on a second try
 * (see [func@Gq.HttpError.is_retryable]), and the engine's retry delay
 * waits as long as `Retry-After` asks. [method@Gq.RestSource.install] makes
 * both the client's defaults, so a query needs nothing but its key.
 *
 * When the fetch has a page param, it is a page of an infinite query: the
 * source asks for that page in its [property@Gq.RestSource:pagination]
 * style and the data is a page object,
 * `{"items": [...], "total": N, "next": P, "previous": P}`, where `total`,
 * `next` and `previous` are null when unknown or absent;
 * [func@Gq.RestSource.next_page_param_func] reads `next` from it, and
 * [method@Gq.RestSource.setup_infinite_options] sets an infinite query up
 * in one call.
 *
 * The [property@Gq.RestSource:auth-token] goes out as
 * `Authorization: Bearer <token>` and is never logged, shown or readable
 * back.
 */

#define DEFAULT_MAX_BODY_SIZE   ((gint64) 64 * 1024 * 1024)
#define DEFAULT_PARSE_THRESHOLD ((gint64) 256 * 1024)
#define DEFAULT_PAGE_SIZE       20
#define DEFAULT_RETRY           3

struct _GqRestSource
{
  GObject           parent_instance;

  char             *base_uri;
  GUri             *base;
  SoupSession      *session;
  char             *auth_token;
  gint64            max_body_size;
  gint64            parse_threshold;
  GqRestPagination  pagination;
  guint             page_size;
  char             *cursor_param;
  char             *cursor_field;
  char             *items_field;
  char             *id_field;
  int               retry;
  GTlsCertificate  *trusted_certificate;

  /* The requests handed to the session at once, at most as many as it
   * has connections to the host; the others wait here, in order. */
  guint             sending;
  guint             max_sending;
  GQueue            waiting;
};

enum {
  PROP_0,
  PROP_BASE_URI,
  PROP_SESSION,
  PROP_AUTH_TOKEN,
  PROP_MAX_BODY_SIZE,
  PROP_PARSE_THRESHOLD,
  PROP_PAGINATION,
  PROP_PAGE_SIZE,
  PROP_CURSOR_PARAM,
  PROP_CURSOR_FIELD,
  PROP_ITEMS_FIELD,
  PROP_ID_FIELD,
  PROP_RETRY,
  PROP_TRUSTED_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (GqRestSource, gq_rest_source, G_TYPE_OBJECT)

static void
clear_secret (char **secret)
{
  if (*secret == NULL)
    return;

  explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

/* How many requests the session runs at once against one host. */
static guint
connections_to_host (SoupSession *session)
{
  int max_conns = 0;
  int max_conns_per_host = 0;

  g_object_get (session,
                "max-conns", &max_conns,
                "max-conns-per-host", &max_conns_per_host,
                NULL);

  return MAX (1, MIN (max_conns, max_conns_per_host));
}

static void
gq_rest_source_constructed (GObject *object)
{
  GqRestSource *self = GQ_REST_SOURCE (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (gq_rest_source_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = soup_session_new_with_options ("max-conns", 32,
                                                   "max-conns-per-host", 8,
                                                   "timeout", 30,
                                                   "idle-timeout", 60,
                                                   "user-agent", "gquery ",
                                                   NULL);

  self->max_sending = connections_to_host (self->session);

  if (self->base_uri == NULL)
    {
      g_critical ("A GqRestSource needs a base URI");
      return;
    }

  self->base = g_uri_parse (self->base_uri, G_URI_FLAGS_ENCODED, &error);
  if (self->base != NULL &&
      (g_uri_get_host (self->base) == NULL ||
       (g_strcmp0 (g_uri_get_scheme (self->base), "http") != 0 &&
        g_strcmp0 (g_uri_get_scheme (self->base), "https") != 0)))
    g_clear_pointer (&self->base, g_uri_unref);

  if (self->base == NULL)
    g_critical ("“%s” is not an http or https URI", self->base_uri);
}

static void
gq_rest_source_finalize (GObject *object)
{
  GqRestSource *self = GQ_REST_SOURCE (object);

  clear_secret (&self->auth_token);
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->base, g_uri_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->cursor_param, g_free);
  g_clear_pointer (&self->cursor_field, g_free);
  g_clear_pointer (&self->items_field, g_free);
  g_clear_pointer (&self->id_field, g_free);
  g_clear_object (&self->trusted_certificate);

  G_OBJECT_CLASS (gq_rest_source_parent_class)->finalize (object);
}

static void
gq_rest_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GqRestSource *self = GQ_REST_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URI:
      g_value_set_string (value, self->base_uri);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_MAX_BODY_SIZE:
      g_value_set_int64 (value, self->max_body_size);
      break;

    case PROP_PARSE_THRESHOLD:
      g_value_set_int64 (value, self->parse_threshold);
      break;

    case PROP_PAGINATION:
      g_value_set_enum (value, self->pagination);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    case PROP_CURSOR_PARAM:
      g_value_set_string (value, self->cursor_param);
      break;

    case PROP_CURSOR_FIELD:
      g_value_set_string (value, self->cursor_field);
      break;

    case PROP_ITEMS_FIELD:
      g_value_set_string (value, self->items_field);
      break;

    case PROP_ID_FIELD:
      g_value_set_string (value, self->id_field);
      break;

    case PROP_RETRY:
      g_value_set_int (value, self->retry);
      break;

    case PROP_TRUSTED_CERTIFICATE:
      g_value_set_object (value, self->trusted_certificate);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_rest_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GqRestSource *self = GQ_REST_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASE_URI:
      self->base_uri = g_value_dup_string (value);
      break;

    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_AUTH_TOKEN:
      gq_rest_source_set_auth_token (self, g_value_get_string (value));
      break;

    case PROP_MAX_BODY_SIZE:
      gq_rest_source_set_max_body_size (self, g_value_get_int64 (value));
      break;

    case PROP_PARSE_THRESHOLD:
      gq_rest_source_set_parse_threshold (self, g_value_get_int64 (value));
      break;

    case PROP_PAGINATION:
      gq_rest_source_set_pagination (self, g_value_get_enum (value));
      break;

    case PROP_PAGE_SIZE:
      gq_rest_source_set_page_size (self, g_value_get_uint (value));
      break;

    case PROP_CURSOR_PARAM:
      gq_rest_source_set_cursor_param (self, g_value_get_string (value));
      break;

    case PROP_CURSOR_FIELD:
      gq_rest_source_set_cursor_field (self, g_value_get_string (value));
      break;

    case PROP_ITEMS_FIELD:
      gq_rest_source_set_items_field (self, g_value_get_string (value));
      break;

    case PROP_ID_FIELD:
      gq_rest_source_set_id_field (self, g_value_get_string (value));
      break;

    case PROP_RETRY:
      gq_rest_source_set_retry (self, g_value_get_int (value));
      break;

    case PROP_TRUSTED_CERTIFICATE:
      gq_rest_source_trust_certificate (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gq_rest_source_class_init (GqRestSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = gq_rest_source_constructed;
  object_class->finalize = gq_rest_source_finalize;
  object_class->get_property = gq_rest_source_get_property;
  object_class->set_property = gq_rest_source_set_property;

  /**
   * GqRestSource:base-uri:
   *
   * The http or https URI the keys' paths are under, such as
   * `http://localhost:3000` or `https://example.com/api/v1`.
   */
  properties [PROP_BASE_URI] =
    g_param_spec_string ("base-uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqRestSource:session:
   *
   * The HTTP session, shared by every request of the source (and of the
   * sources given the same session). It must be used on the thread the
   * source lives on only.
   */
  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SOUP_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqRestSource:auth-token:
   *
   * The token sent as `Authorization: Bearer <token>`, or %NULL for none.
   * It can be written, not read, and is never logged.
   */
  properties [PROP_AUTH_TOKEN] =
    g_param_spec_string ("auth-token", NULL, NULL,
                         NULL,
                         (G_PARAM_WRITABLE |
                          G_PARAM_STATIC_STRINGS));

  /**
   * GqRestSource:max-body-size:
   *
   * The largest response body accepted, in bytes; a larger one fails with
   * [error@Gq.Error.BODY_TOO_LARGE] as soon as it is known to be larger.
   */
  properties [PROP_MAX_BODY_SIZE] =
    g_param_spec_int64 ("max-body-size", NULL, NULL,
                        0, G_MAXINT64 - 1, DEFAULT_MAX_BODY_SIZE,
                        flags);

  /**
   * GqRestSource:parse-threshold:
   *
   * The body size, in bytes, above which JSON is parsed on a worker thread
   * rather than on the main context.
   */
  properties [PROP_PARSE_THRESHOLD] =
    g_param_spec_int64 ("parse-threshold", NULL, NULL,
                        0, G_MAXINT64, DEFAULT_PARSE_THRESHOLD,
                        flags);

  /**
   * GqRestSource:pagination:
   *
   * How the pages of infinite queries are asked for and chained.
   */
  properties [PROP_PAGINATION] =
    g_param_spec_enum ("pagination", NULL, NULL,
                       GQ_TYPE_REST_PAGINATION,
                       GQ_REST_PAGINATION_JSON_SERVER,
                       flags);

  /**
   * GqRestSource:page-size:
   *
   * The items asked for per page (`_limit` or `limit`) when the key does
   * not say; cursor pagination leaves the size to the key.
   */
  properties [PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_PAGE_SIZE,
                       flags);

  /**
   * GqRestSource:cursor-param:
   *
   * The query parameter carrying the cursor of cursor pagination.
   */
  properties [PROP_CURSOR_PARAM] =
    g_param_spec_string ("cursor-param", NULL, NULL,
                         "cursor",
                         flags);

  /**
   * GqRestSource:cursor-field:
   *
   * The member of a cursor-paginated body holding the next cursor; null
   * or missing ends the pages.
   */
  properties [PROP_CURSOR_FIELD] =
    g_param_spec_string ("cursor-field", NULL, NULL,
                         "nextCursor",
                         flags);

  /**
   * GqRestSource:items-field:
   *
   * The member of a cursor-paginated body holding the page's items.
   */
  properties [PROP_ITEMS_FIELD] =
    g_param_spec_string ("items-field", NULL, NULL,
                         "data",
                         flags);

  /**
   * GqRestSource:id-field:
   *
   * The member of a record that identifies it, which the mutation
   * functions append to the path of `PUT`, `PATCH` and `DELETE`.
   */
  properties [PROP_ID_FIELD] =
    g_param_spec_string ("id-field", NULL, NULL,
                         "id",
                         flags);

  /**
   * GqRestSource:retry:
   *
   * How many times [func@Gq.RestSource.retry_func] retries a retryable
   * failure; -1 retries forever.
   */
  properties [PROP_RETRY] =
    g_param_spec_int ("retry", NULL, NULL,
                      -1, G_MAXINT, DEFAULT_RETRY,
                      flags);

  /**
   * GqRestSource:trusted-certificate:
   *
   * A TLS certificate accepted from the server although it does not
   * validate (self-signed, or for another name), or %NULL: see
   * [method@Gq.RestSource.trust_certificate].
   */
  properties [PROP_TRUSTED_CERTIFICATE] =
    g_param_spec_object ("trusted-certificate", NULL, NULL,
                         G_TYPE_TLS_CERTIFICATE,
                         flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gq_rest_source_init (GqRestSource *self)
{
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
  self->parse_threshold = DEFAULT_PARSE_THRESHOLD;
  self->pagination = GQ_REST_PAGINATION_JSON_SERVER;
  self->page_size = DEFAULT_PAGE_SIZE;
  self->cursor_param = g_strdup ("cursor");
  self->cursor_field = g_strdup ("nextCursor");
  self->items_field = g_strdup ("data");
  self->id_field = g_strdup ("id");
  self->retry = DEFAULT_RETRY;
}

/**
 * gq_rest_source_new:
 * @base_uri: the http or https URI the keys' paths are under
 *
 * Creates a source with its own session.
 *
 * Returns: (transfer full): the new source
 */
GqRestSource *
gq_rest_source_new (const char *base_uri)
{
  g_return_val_if_fail (base_uri != NULL, NULL);

  return g_object_new (GQ_TYPE_REST_SOURCE, "base-uri", base_uri, NULL);
}

/**
 * gq_rest_source_new_with_session:
 * @base_uri: the http or https URI the keys' paths are under
 * @session: the session to send the requests with
 *
 * Creates a source sharing @session, its connections and settings, with
 * others.
 *
 * Returns: (transfer full): the new source
 */
GqRestSource *
gq_rest_source_new_with_session (const char  *base_uri,
                                 SoupSession *session)
{
  g_return_val_if_fail (base_uri != NULL, NULL);
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);

  return g_object_new (GQ_TYPE_REST_SOURCE,
                       "base-uri", base_uri,
                       "session", session,
                       NULL);
}

/**
 * gq_rest_source_get_base_uri:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:base-uri].
 *
 * Returns: the base URI
 */
const char *
gq_rest_source_get_base_uri (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);

  return self->base_uri;
}

/**
 * gq_rest_source_get_session:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:session].
 *
 * Returns: (transfer none): the session
 */
SoupSession *
gq_rest_source_get_session (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);

  return self->session;
}

/**
 * gq_rest_source_set_auth_token:
 * @self: a source
 * @auth_token: (nullable): the bearer token, or %NULL for none
 *
 * Sets [property@Gq.RestSource:auth-token]. The old token is wiped from
 * memory.
 */
void
gq_rest_source_set_auth_token (GqRestSource *self,
                               const char   *auth_token)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));

  if (auth_token != NULL && auth_token[0] == '\0')
    auth_token = NULL;

  if (g_strcmp0 (self->auth_token, auth_token) == 0)
    return;

  clear_secret (&self->auth_token);
  self->auth_token = g_strdup (auth_token);
  g_debug ("REST source %s: auth token %s", self->base_uri,
           auth_token ? "[redacted]" : "unset");
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_AUTH_TOKEN]);
}

/**
 * gq_rest_source_has_auth_token:
 * @self: a source
 *
 * Tells whether requests carry an `Authorization` header, without telling
 * the token.
 *
 * Returns: %TRUE if a token is set
 */
gboolean
gq_rest_source_has_auth_token (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), FALSE);

  return self->auth_token != NULL;
}

/**
 * gq_rest_source_get_max_body_size:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:max-body-size].
 *
 * Returns: the size in bytes
 */
gint64
gq_rest_source_get_max_body_size (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), 0);

  return self->max_body_size;
}

/**
 * gq_rest_source_set_max_body_size:
 * @self: a source
 * @max_body_size: the size in bytes
 *
 * Sets [property@Gq.RestSource:max-body-size].
 */
void
gq_rest_source_set_max_body_size (GqRestSource *self,
                                  gint64        max_body_size)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (max_body_size >= 0 && max_body_size < G_MAXINT64);

  if (self->max_body_size == max_body_size)
    return;

  self->max_body_size = max_body_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_BODY_SIZE]);
}

/**
 * gq_rest_source_get_parse_threshold:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:parse-threshold].
 *
 * Returns: the size in bytes
 */
gint64
gq_rest_source_get_parse_threshold (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), 0);

  return self->parse_threshold;
}

/**
 * gq_rest_source_set_parse_threshold:
 * @self: a source
 * @parse_threshold: the size in bytes
 *
 * Sets [property@Gq.RestSource:parse-threshold].
 */
void
gq_rest_source_set_parse_threshold (GqRestSource *self,
                                    gint64        parse_threshold)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (parse_threshold >= 0);

  if (self->parse_threshold == parse_threshold)
    return;

  self->parse_threshold = parse_threshold;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PARSE_THRESHOLD]);
}

/**
 * gq_rest_source_get_pagination:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:pagination].
 *
 * Returns: the pagination style
 */
GqRestPagination
gq_rest_source_get_pagination (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), GQ_REST_PAGINATION_JSON_SERVER);

  return self->pagination;
}

/**
 * gq_rest_source_set_pagination:
 * @self: a source
 * @pagination: the pagination style
 *
 * Sets [property@Gq.RestSource:pagination].
 */
void
gq_rest_source_set_pagination (GqRestSource     *self,
                               GqRestPagination  pagination)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (pagination <= GQ_REST_PAGINATION_CURSOR);

  if (self->pagination == pagination)
    return;

  self->pagination = pagination;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAGINATION]);
}

/**
 * gq_rest_source_get_page_size:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:page-size].
 *
 * Returns: the items per page
 */
guint
gq_rest_source_get_page_size (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), DEFAULT_PAGE_SIZE);

  return self->page_size;
}

/**
 * gq_rest_source_set_page_size:
 * @self: a source
 * @page_size: the items per page, at least 1
 *
 * Sets [property@Gq.RestSource:page-size].
 */
void
gq_rest_source_set_page_size (GqRestSource *self,
                              guint         page_size)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (page_size > 0);

  if (self->page_size == page_size)
    return;

  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAGE_SIZE]);
}

static void
set_name (GqRestSource  *self,
          char         **field,
          const char    *value,
          guint          prop_id)
{
  g_return_if_fail (value != NULL && value[0] != '\0');

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop_id]);
}

/**
 * gq_rest_source_get_cursor_param:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:cursor-param].
 *
 * Returns: the parameter name
 */
const char *
gq_rest_source_get_cursor_param (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);

  return self->cursor_param;
}

/**
 * gq_rest_source_set_cursor_param:
 * @self: a source
 * @cursor_param: the parameter name
 *
 * Sets [property@Gq.RestSource:cursor-param].
 */
void
gq_rest_source_set_cursor_param (GqRestSource *self,
                                 const char   *cursor_param)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));

  set_name (self, &self->cursor_param, cursor_param, PROP_CURSOR_PARAM);
}

/**
 * gq_rest_source_get_cursor_field:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:cursor-field].
 *
 * Returns: the member name
 */
const char *
gq_rest_source_get_cursor_field (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);

  return self->cursor_field;
}

/**
 * gq_rest_source_set_cursor_field:
 * @self: a source
 * @cursor_field: the member name
 *
 * Sets [property@Gq.RestSource:cursor-field].
 */
void
gq_rest_source_set_cursor_field (GqRestSource *self,
                                 const char   *cursor_field)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));

  set_name (self, &self->cursor_field, cursor_field, PROP_CURSOR_FIELD);
}

/**
 * gq_rest_source_get_items_field:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:items-field].
 *
 * Returns: the member name
 */
const char *
gq_rest_source_get_items_field (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);

  return self->items_field;
}

/**
 * gq_rest_source_set_items_field:
 * @self: a source
 * @items_field: the member name
 *
 * Sets [property@Gq.RestSource:items-field].
 */
void
gq_rest_source_set_items_field (GqRestSource *self,
                                const char   *items_field)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));

  set_name (self, &self->items_field, items_field, PROP_ITEMS_FIELD);
}

/**
 * gq_rest_source_get_id_field:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:id-field].
 *
 * Returns: the member name
 */
const char *
gq_rest_source_get_id_field (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);

  return self->id_field;
}

/**
 * gq_rest_source_set_id_field:
 * @self: a source
 * @id_field: the member name
 *
 * Sets [property@Gq.RestSource:id-field].
 */
void
gq_rest_source_set_id_field (GqRestSource *self,
                             const char   *id_field)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));

  set_name (self, &self->id_field, id_field, PROP_ID_FIELD);
}

/**
 * gq_rest_source_get_retry:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:retry].
 *
 * Returns: the number of retries, -1 for forever
 */
int
gq_rest_source_get_retry (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), DEFAULT_RETRY);

  return self->retry;
}

/**
 * gq_rest_source_set_retry:
 * @self: a source
 * @retry: the number of retries, -1 for forever
 *
 * Sets [property@Gq.RestSource:retry].
 */
void
gq_rest_source_set_retry (GqRestSource *self,
                          int           retry)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (retry >= -1);

  if (self->retry == retry)
    return;

  self->retry = retry;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETRY]);
}

/**
 * gq_rest_source_trust_certificate:
 * @self: a source
 * @certificate: (nullable): the certificate to accept, or %NULL to accept
 *   only certificates that validate
 *
 * Accepts @certificate from the server even though it does not validate,
 * as a user does by saying "trust this certificate" for an endpoint with
 * a self-signed certificate. Only that exact certificate (compared byte
 * for byte) is accepted; any other certificate error still fails the
 * request with a %G_TLS_ERROR. Without a trusted certificate, which is the
 * default, certificate errors are never overridden.
 */
void
gq_rest_source_trust_certificate (GqRestSource    *self,
                                  GTlsCertificate *certificate)
{
  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  if (g_set_object (&self->trusted_certificate, certificate))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TRUSTED_CERTIFICATE]);
}

/**
 * gq_rest_source_get_trusted_certificate:
 * @self: a source
 *
 * Gets [property@Gq.RestSource:trusted-certificate].
 *
 * Returns: (transfer none) (nullable): the certificate accepted although
 *   it does not validate, or %NULL
 */
GTlsCertificate *
gq_rest_source_get_trusted_certificate (GqRestSource *self)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);

  return self->trusted_certificate;
}

/* ---- requests -------------------------------------------------------- */

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *peer_certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTlsCertificate *trusted = user_data;

  return g_tls_certificate_is_same (peer_certificate, trusted);
}

SoupMessage *
_gq_rest_source_new_message (GqRestSource  *self,
                             const char    *method,
                             GqRestTarget  *target,
                             JsonNode      *body,
                             GError       **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;

  if (self->base == NULL)
    {
      g_set_error (error, GQ_ERROR, GQ_ERROR_FAILED,
                   "The REST source has no valid base URI (“%s”)",
                   self->base_uri ? self->base_uri : "");
      return NULL;
    }

  uri = _gq_rest_target_to_uri (target, self->base);
  message = soup_message_new_from_uri (method, uri);

  /* The certificate the user chose to trust, that one only; libsoup asks
   * only about certificates that do not validate. */
  if (self->trusted_certificate != NULL)
    g_signal_connect_data (message, "accept-certificate", G_CALLBACK (on_accept_certificate),
                           g_object_ref (self->trusted_certificate),
                           (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");

  if (self->auth_token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->auth_token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      explicit_bzero (authorization, strlen (authorization));
    }

  if (body != NULL)
    {
      gsize length;
      char *text = json_to_string (body, FALSE);
      g_autoptr(GBytes) bytes = NULL;

      length = strlen (text);
      bytes = g_bytes_new_take (text, length);
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  return g_steal_pointer (&message);
}

/* One request through the source's window: waiting (with its message
 * and a source watching its cancellable) or sent. Holds the source. */
typedef struct
{
  GqRestSource        *source;
  SoupMessage         *message;
  GCancellable        *cancellable;
  GSource             *cancelled_source;
  GList               *link;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
} Send;

static void
send_stop_watching (Send *send)
{
  if (send->cancelled_source != NULL)
    {
      g_source_destroy (send->cancelled_source);
      g_clear_pointer (&send->cancelled_source, g_source_unref);
    }
}

static void
send_free (Send *send)
{
  send_stop_watching (send);
  g_clear_object (&send->message);
  g_clear_object (&send->cancellable);
  g_clear_object (&send->source);
  g_free (send);
}

static void send_start (Send *send);

static void
send_waiting (GqRestSource *self)
{
  while (self->sending < self->max_sending && self->waiting.length > 0)
    {
      Send *send = g_queue_pop_head (&self->waiting);

      send->link = NULL;
      send_stop_watching (send);
      send_start (send);
    }
}

static void
on_send_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Send *send = user_data;
  GqRestSource *self = send->source;

  self->sending--;
  send_waiting (self);

  send->callback (NULL, result, send->user_data);
  send_free (send);
}

static void
send_start (Send *send)
{
  GqRestSource *self = send->source;
  g_autoptr(SoupMessage) message = g_steal_pointer (&send->message);
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&send->cancellable);

  self->sending++;
  _gq_rest_call_async (self->session, message, self->max_body_size, self->parse_threshold,
                       cancellable, on_send_done, send);
}

static gboolean
on_waiting_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  Send *send = user_data;

  g_queue_delete_link (&send->source->waiting, send->link);
  send->link = NULL;
  g_task_report_new_error (NULL, send->callback, send->user_data, _gq_rest_source_send,
                           G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  send_free (send);

  return G_SOURCE_REMOVE;
}

/* libsoup looks through every message it holds, and at every connection
 * of the host, each time a connection frees up: thousands of requests
 * handed to it at once cost it time quadratic in their number. The source
 * hands it no more than it has connections for; the others wait for their
 * turn here, in order, where cancelling them ends them at once. */
void
_gq_rest_source_send (GqRestSource        *self,
                      SoupMessage         *message,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Send *send;

  if (g_log_get_debug_enabled ())
    {
      g_autofree char *uri = g_uri_to_string_partial (soup_message_get_uri (message),
                                                      G_URI_HIDE_USERINFO);

      g_debug ("%s %s%s", soup_message_get_method (message), uri,
               self->auth_token ? " (Authorization: [redacted])" : "");
    }

  send = g_new0 (Send, 1);
  send->source = g_object_ref (self);
  send->message = g_object_ref (message);
  send->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  send->callback = callback;
  send->user_data = user_data;

  if (self->sending < self->max_sending)
    {
      send_start (send);
      return;
    }

  g_queue_push_tail (&self->waiting, send);
  send->link = self->waiting.tail;

  if (cancellable != NULL)
    {
      send->cancelled_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (send->cancelled_source, G_SOURCE_FUNC (on_waiting_cancelled),
                             send, NULL);
      g_source_attach (send->cancelled_source, g_main_context_get_thread_default ());
    }
}

typedef struct
{
  GqRestSource     *source;
  GqFetchContext   *context;
  SoupMessage      *message;
  JsonNode         *page_param;
  GqRestPagination  pagination;
  guint             limit;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->source);
  g_clear_object (&fetch->context);
  g_clear_object (&fetch->message);
  g_clear_pointer (&fetch->page_param, json_node_unref);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) page = NULL;
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);

  body = _gq_rest_call_finish (result, &error);

  if (body == NULL)
    {
      if (fetch->page_param != NULL &&
          fetch->pagination == GQ_REST_PAGINATION_POSTGREST &&
          g_error_matches (error, GQ_HTTP_ERROR, 416))
        {
          page = _gq_rest_page_new_past_end (fetch->source, headers, fetch->page_param,
                                             fetch->limit);
          gq_fetch_context_resolve (fetch->context, page);
        }
      else
        {
          gq_fetch_context_reject (fetch->context, error);
        }
      return;
    }

  if (fetch->page_param == NULL)
    {
      gq_fetch_context_resolve (fetch->context, body);
      return;
    }

  page = _gq_rest_page_wrap (fetch->source, fetch->pagination, body, headers,
                             fetch->page_param, fetch->limit, &error);
  if (page == NULL)
    gq_fetch_context_reject (fetch->context, error);
  else
    gq_fetch_context_resolve (fetch->context, page);
}

/**
 * gq_rest_source_query_func:
 * @context: the fetch
 * @user_data: (type GqRestSource): the source
 *
 * Fetches a query over HTTP: a [callback@Gq.QueryFunc] to set with
 * [method@Gq.QueryOptions.set_query_func] and the source as its data. The
 * key maps to a `GET` as [class@Gq.RestSource] describes; a fetch with a
 * page param fetches that page and resolves with a page object.
 */
void
gq_rest_source_query_func (GqFetchContext *context,
                           gpointer        user_data)
{
  GqRestSource *self = user_data;
  g_autoptr(GqRestTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  Fetch *fetch;
  JsonNode *page_param;

  g_return_if_fail (GQ_IS_FETCH_CONTEXT (context));
  g_return_if_fail (GQ_IS_REST_SOURCE (self));

  fetch = g_new0 (Fetch, 1);
  fetch->source = g_object_ref (self);
  fetch->context = g_object_ref (context);
  fetch->pagination = self->pagination;

  if ((target = _gq_rest_target_new_from_key (gq_fetch_context_get_query_key (context), &error)) == NULL)
    goto failed;

  /* A page of an infinite query; one whose options have no first page
   * param starts at the style's. */
  page_param = gq_fetch_context_get_page_param (context);
  if (page_param != NULL)
    fetch->page_param = json_node_ref (page_param);
  else if (gq_fetch_context_get_direction (context) != GQ_FETCH_DIRECTION_NONE)
    fetch->page_param = gq_rest_source_get_initial_page_param (self);

  if (fetch->page_param != NULL &&
      !_gq_rest_page_prepare (self, target, fetch->page_param, &fetch->limit, &error))
    goto failed;

  if ((fetch->message = _gq_rest_source_new_message (self, "GET", target, NULL, &error)) == NULL)
    goto failed;

  if (fetch->page_param != NULL && fetch->pagination == GQ_REST_PAGINATION_POSTGREST)
    soup_message_headers_replace (soup_message_get_request_headers (fetch->message),
                                  "Prefer", "count=exact");

  _gq_rest_source_send (self, fetch->message, gq_fetch_context_get_cancellable (context),
                        on_fetched, fetch);
  return;

failed:
  gq_fetch_context_reject (context, error);
  fetch_free (fetch);
}

/**
 * gq_rest_source_retry_func:
 * @failure_count: the failures before this one
 * @error: the failure
 * @user_data: (type GqRestSource) (nullable): the source, whose
 *   [property@Gq.RestSource:retry] counts the retries (3 without one)
 *
 * Retries what may pass on a second try: a [callback@Gq.RetryFunc] to set
 * with [method@Gq.QueryOptions.set_retry_func]. Network failures, 408,
 * 429 and 5xx are retried (see [func@Gq.HttpError.is_retryable]) unless
 * the server asked to wait more than a minute; other 4xx, malformed JSON
 * and bodies too large are not.
 *
 * Returns: %TRUE to retry
 */
gboolean
gq_rest_source_retry_func (guint         failure_count,
                           const GError *error,
                           gpointer      user_data)
{
  GqRestSource *self = user_data;
  int retry = self != NULL ? self->retry : DEFAULT_RETRY;

  g_return_val_if_fail (error != NULL, FALSE);
  g_return_val_if_fail (self == NULL || GQ_IS_REST_SOURCE (self), FALSE);

  if (!gq_http_error_is_retryable (error) ||
      gq_http_error_get_retry_after (error) > _GQ_MAX_RETRY_AFTER)
    return FALSE;

  return retry < 0 || failure_count < (guint) retry;
}

/**
 * gq_rest_source_install:
 * @self: a source
 * @client: a client
 *
 * Makes @self the client's default query function and
 * [func@Gq.RestSource.retry_func] its default retry policy, so that
 * options with nothing but a key fetch from this source. A query's own
 * query function, retry count or retry function still wins.
 */
void
gq_rest_source_install (GqRestSource  *self,
                        GqQueryClient *client)
{
  g_autoptr(GqQueryOptions) defaults = NULL;

  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (GQ_IS_QUERY_CLIENT (client));

  defaults = gq_query_options_copy (gq_query_client_get_default_options (client));
  gq_query_options_set_query_func (defaults, gq_rest_source_query_func,
                                   g_object_ref (self), g_object_unref);
  gq_query_options_set_retry_func (defaults, gq_rest_source_retry_func,
                                   g_object_ref (self), g_object_unref);
  gq_query_client_set_default_options (client, defaults);
}

/**
 * gq_rest_source_build_uri:
 * @self: a source
 * @key: a query key
 * @error: return location for a #GError
 *
 * Maps a key to the URI a query of that key fetches, as
 * [class@Gq.RestSource] describes.
 *
 * Returns: (transfer full): the URI, or %NULL with
 *   [error@Gq.Error.INVALID_KEY] set
 */
GUri *
gq_rest_source_build_uri (GqRestSource  *self,
                          JsonNode      *key,
                          GError       **error)
{
  g_autoptr(GqRestTarget) target = NULL;

  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((target = _gq_rest_target_new_from_key (key, error)) == NULL)
    return NULL;

  if (self->base == NULL)
    {
      g_set_error (error, GQ_ERROR, GQ_ERROR_FAILED,
                   "The REST source has no valid base URI");
      return NULL;
    }

  return _gq_rest_target_to_uri (target, self->base);
}

static void
on_requested (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *body;

  if ((body = _gq_rest_call_finish (result, &error)) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, body, (GDestroyNotify) json_node_unref);
}

/**
 * gq_rest_source_request_async:
 * @self: a source
 * @method: the HTTP method, such as `"GET"` or `"POST"`
 * @key: the target, mapped as a query key is
 * @body: (nullable): the JSON body to send
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async) (closure user_data): called when the response
 *   is read
 * @user_data: data for @callback
 *
 * Sends one request outside the query engine, with the source's session,
 * token and limits: for what is neither a query nor a mutation, such as
 * probing a server.
 */
void
gq_rest_source_request_async (GqRestSource        *self,
                              const char          *method,
                              JsonNode            *key,
                              JsonNode            *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GqRestTarget) target = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gq_rest_source_request_async);

  if ((target = _gq_rest_target_new_from_key (key, &error)) == NULL ||
      (message = _gq_rest_source_new_message (self, method, target, body, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _gq_rest_source_send (self, message, cancellable, on_requested, g_steal_pointer (&task));
}

/**
 * gq_rest_source_request_finish:
 * @self: a source
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Completes [method@Gq.RestSource.request_async].
 *
 * Returns: (transfer full): the sealed response body (JSON null when it
 *   was empty), or %NULL with @error set
 */
JsonNode *
gq_rest_source_request_finish (GqRestSource  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- pages ----------------------------------------------------------- */

/**
 * gq_rest_source_get_initial_page_param:
 * @self: a source
 *
 * Gets the page param of the first page in the source's pagination
 * style: 1 for json-server, 0 for PostgREST, null for cursors.
 *
 * Returns: (transfer full): the first page param
 */
JsonNode *
gq_rest_source_get_initial_page_param (GqRestSource *self)
{
  JsonNode *param;

  g_return_val_if_fail (GQ_IS_REST_SOURCE (self), NULL);

  switch (self->pagination)
    {
    case GQ_REST_PAGINATION_JSON_SERVER:
      param = json_node_init_int (json_node_alloc (), 1);
      break;

    case GQ_REST_PAGINATION_POSTGREST:
      param = json_node_init_int (json_node_alloc (), 0);
      break;

    case GQ_REST_PAGINATION_CURSOR:
    default:
      param = json_node_init_null (json_node_alloc ());
      break;
    }

  json_node_seal (param);

  return param;
}

static JsonNode *
page_member (JsonNode   *page,
             const char *name)
{
  JsonNode *member;

  if (page == NULL || !JSON_NODE_HOLDS_OBJECT (page))
    return NULL;

  member = json_object_get_member (json_node_get_object (page), name);
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return NULL;

  return json_node_ref (member);
}

/**
 * gq_rest_source_next_page_param_func:
 * @page: (nullable): the last page, as a [class@Gq.RestSource] fetched it
 * @all_pages: (nullable): every page
 * @page_param: (nullable): the parameter @page was fetched with
 * @all_page_params: (nullable): every page parameter
 * @user_data: unused
 *
 * Reads the parameter of the page after @page: its `next` member. A
 * [callback@Gq.PageParamFunc], so an infinite query over the source needs
 * one line:
 *
 * ```c
 * gq_infinite_query_options_set_get_next_page_param_func (options,
 *                                                         gq_rest_source_next_page_param_func,
 *                                                         NULL, NULL);
 * ```
 *
 * Returns: (transfer full) (nullable): the next page param, or %NULL
 *   when @page is the last
 */
JsonNode *
gq_rest_source_next_page_param_func (JsonNode *page,
                                     JsonNode *all_pages,
                                     JsonNode *page_param,
                                     JsonNode *all_page_params,
                                     gpointer  user_data)
{
  return page_member (page, "next");
}

/**
 * gq_rest_source_previous_page_param_func:
 * @page: (nullable): the first page, as a [class@Gq.RestSource] fetched it
 * @all_pages: (nullable): every page
 * @page_param: (nullable): the parameter @page was fetched with
 * @all_page_params: (nullable): every page parameter
 * @user_data: unused
 *
 * Reads the parameter of the page before @page: its `previous` member. A
 * [callback@Gq.PageParamFunc] for
 * [method@Gq.InfiniteQueryOptions.set_get_previous_page_param_func].
 *
 * Returns: (transfer full) (nullable): the previous page param, or %NULL
 *   when @page is the first
 */
JsonNode *
gq_rest_source_previous_page_param_func (JsonNode *page,
                                         JsonNode *all_pages,
                                         JsonNode *page_param,
                                         JsonNode *all_page_params,
                                         gpointer  user_data)
{
  return page_member (page, "previous");
}

/**
 * gq_rest_source_setup_infinite_options:
 * @self: a source
 * @options: the options of an infinite query
 *
 * Makes @options fetch their pages from @self: the query function, the
 * first page param of the source's pagination style, and the next and
 * previous page param functions.
 */
void
gq_rest_source_setup_infinite_options (GqRestSource           *self,
                                       GqInfiniteQueryOptions *options)
{
  g_autoptr(JsonNode) initial = NULL;

  g_return_if_fail (GQ_IS_REST_SOURCE (self));
  g_return_if_fail (GQ_IS_INFINITE_QUERY_OPTIONS (options));

  initial = gq_rest_source_get_initial_page_param (self);
  gq_infinite_query_options_set_initial_page_param (options, initial);
  gq_query_options_set_query_func (GQ_QUERY_OPTIONS (options), gq_rest_source_query_func,
                                   g_object_ref (self), g_object_unref);
  gq_infinite_query_options_set_get_next_page_param_func (options,
                                                          gq_rest_source_next_page_param_func,
                                                          NULL, NULL);
  gq_infinite_query_options_set_get_previous_page_param_func (options,
                                                              gq_rest_source_previous_page_param_func,
                                                              NULL, NULL);
}
