/* gq-json.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "gq-json.h"
#include "gq-json-private.h"

#include <math.h>
#include <string.h>

#include "gq-error.h"

/* TanStack stops sharing below this depth (replaceEqualDeep's guard). */
#define REPLACE_MAX_DEPTH 500

/* Objects up to this size are sorted on the stack, without allocating. */
#define STACK_MEMBERS 16

/* Most canonical strings (query hashes) fit here, so building one costs a
 * single allocation of the exact size. */
#define STACK_BUFFER 256

typedef enum
{
  KIND_NULL,
  KIND_BOOLEAN,
  KIND_INT,
  KIND_DOUBLE,
  KIND_STRING,
  KIND_ARRAY,
  KIND_OBJECT,
} Kind;

static inline Kind
node_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return KIND_OBJECT;

    case JSON_NODE_ARRAY:
      return KIND_ARRAY;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_INT64)
          return KIND_INT;
        if (type == G_TYPE_DOUBLE)
          return KIND_DOUBLE;
        if (type == G_TYPE_BOOLEAN)
          return KIND_BOOLEAN;
        /* A string node can hold NULL; it has no JSON text but null. */
        if (type == G_TYPE_STRING && json_node_get_string (node) != NULL)
          return KIND_STRING;
        return KIND_NULL;
      }

    case JSON_NODE_NULL:
    default:
      return KIND_NULL;
    }
}

/* Canonical text ---------------------------------------------------------- */

typedef struct
{
  char  *data;
  gsize  len;
  gsize  cap;
  char  *stack;
} CanonBuf;

static void
canon_buf_grow (CanonBuf *buf,
                gsize     extra)
{
  gsize cap = MAX (buf->cap * 2, buf->len + extra + 1);

  if (buf->data == buf->stack)
    {
      buf->data = g_malloc (cap);
      memcpy (buf->data, buf->stack, buf->len);
    }
  else
    {
      buf->data = g_realloc (buf->data, cap);
    }
  buf->cap = cap;
}

static inline void
canon_buf_reserve (CanonBuf *buf,
                   gsize     extra)
{
  if (G_UNLIKELY (buf->len + extra >= buf->cap))
    canon_buf_grow (buf, extra);
}

static inline void
canon_buf_append_c (CanonBuf *buf,
                    char      c)
{
  canon_buf_reserve (buf, 1);
  buf->data[buf->len++] = c;
}

static inline void
canon_buf_append_len (CanonBuf   *buf,
                      const char *text,
                      gsize       len)
{
  canon_buf_reserve (buf, len);
  memcpy (buf->data + buf->len, text, len);
  buf->len += len;
}

static const char digit_pairs[] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

/* Writes @value in decimal; @out has room for 21 bytes. The digits are
 * counted first so that they go straight to @out, two at a time from the
 * last: integers in keys (ids, pages) are what a lookup writes most. */
static gsize
format_int64 (gint64  value,
              char   *out)
{
  guint64 u = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  guint64 bound = 10;
  gsize len = 1;
  char *p;

  while (len < 20 && u >= bound)
    {
      len++;
      bound *= 10;
    }

  if (value < 0)
    *out++ = '-';

  p = out + len;
  while (u >= 100)
    {
      guint pair = (guint) (u % 100) * 2;

      u /= 100;
      *--p = digit_pairs[pair + 1];
      *--p = digit_pairs[pair];
    }
  if (u >= 10)
    {
      *--p = digit_pairs[u * 2 + 1];
      *--p = digit_pairs[u * 2];
    }
  else
    {
      *--p = (char) ('0' + u);
    }

  return len + (value < 0);
}

/* Writes @value as JavaScript's Number::toString does, which is what
 * JSON.stringify writes: the shortest digits that read back as @value,
 * as an integer up to 1e21, with an exponent outside 1e-7..1e21, and
 * null for NaN and the infinities. @out has room for 32 bytes. */
static gsize
format_double (double  value,
               char   *out)
{
  static const char * const formats[] = {
    "%.0e", "%.1e", "%.2e", "%.3e", "%.4e", "%.5e", "%.6e", "%.7e", "%.8e",
    "%.9e", "%.10e", "%.11e", "%.12e", "%.13e", "%.14e", "%.15e", "%.16e",
  };
  char tmp[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[20];
  const char *p;
  char *o = out;
  int n_digits = 0;
  int point;
  guint i;

  if (!isfinite (value))
    {
      memcpy (out, "null", 4);
      return 4;
    }

  /* Also turns -0 into 0, as JavaScript does. */
  if (value == 0)
    {
      out[0] = '0';
      return 1;
    }

  /* Below 2^53 an integral double is written exactly. The cast stands in
   * for trunc(), which would need libm. */
  if (fabs (value) < 9007199254740992.0 && value == (double) (gint64) value)
    return format_int64 ((gint64) value, out);

  for (i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (tmp, sizeof tmp, formats[i], value);
      if (g_ascii_strtod (tmp, NULL) == value)
        break;
    }

  p = tmp;
  if (*p == '-')
    {
      *o++ = '-';
      p++;
    }
  for (; *p != '\0' && *p != 'e' && *p != 'E'; p++)
    {
      if (g_ascii_isdigit (*p) && n_digits < (int) sizeof digits)
        digits[n_digits++] = *p;
    }
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    n_digits--;

  /* The decimal point sits after this many digits. */
  point = (*p != '\0' ? atoi (p + 1) : 0) + 1;

  if (n_digits <= point && point <= 21)
    {
      memcpy (o, digits, n_digits);
      o += n_digits;
      memset (o, '0', point - n_digits);
      o += point - n_digits;
    }
  else if (0 < point && point <= 21)
    {
      memcpy (o, digits, point);
      o += point;
      *o++ = '.';
      memcpy (o, digits + point, n_digits - point);
      o += n_digits - point;
    }
  else if (-6 < point && point <= 0)
    {
      *o++ = '0';
      *o++ = '.';
      memset (o, '0', -point);
      o += -point;
      memcpy (o, digits, n_digits);
      o += n_digits;
    }
  else
    {
      int exponent = point - 1;

      *o++ = digits[0];
      if (n_digits > 1)
        {
          *o++ = '.';
          memcpy (o, digits + 1, n_digits - 1);
          o += n_digits - 1;
        }
      *o++ = 'e';
      *o++ = exponent < 0 ? '-' : '+';
      o += format_int64 (ABS (exponent), o);
    }

  return (gsize) (o - out);
}

/* What follows the backslash for the bytes JSON.stringify escapes: 'u' for
 * \u00XX, 0 for bytes written as they are (all of UTF-8 but controls and
 * the two below). The terminating nul is marked too, to leave the loop. */
static const char escapes[256] = {
  '0', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
  'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
  0, 0, '"', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\\', 0, 0, 0,
};

/* The rest of @p, from its first byte that needs an escape, with room for
 * the longest escape (\u00XX) checked once a byte. */
G_GNUC_NO_INLINE static void
write_string_escaped (CanonBuf     *buf,
                      const guchar *p)
{
  static const char hex[] = "0123456789abcdef";
  char *out = buf->data + buf->len;
  char *limit = buf->data + buf->cap - 8;

  for (;;)
    {
      guchar c = *p++;
      char escape;

      if (G_UNLIKELY (out >= limit))
        {
          buf->len = out - buf->data;
          canon_buf_grow (buf, 64);
          out = buf->data + buf->len;
          limit = buf->data + buf->cap - 8;
        }

      escape = escapes[c];
      if (G_LIKELY (escape == 0))
        {
          *out++ = (char) c;
          continue;
        }

      if (c == '\0')
        break;

      *out++ = '\\';
      *out++ = escape;
      if (escape == 'u')
        {
          *out++ = '0';
          *out++ = '0';
          *out++ = hex[c >> 4];
          *out++ = hex[c & 0xf];
        }
    }

  *out++ = '"';
  buf->len = out - buf->data;
}

static void
write_string (CanonBuf   *buf,
              const char *str)
{
  const guchar *p = (const guchar *) str;
  char *out;
  gsize room;
  gsize i = 0;

  /* Strings in keys are short and need no escape: copy bytes while they
   * fit and need none, without measuring the string first (a strlen()
   * and a memcpy() call cost more than the copy). */
  canon_buf_reserve (buf, 16);
  out = buf->data + buf->len;
  room = buf->cap - buf->len - 3;
  *out++ = '"';

  while (i < room && escapes[p[i]] == 0)
    {
      out[i] = (char) p[i];
      i++;
    }

  buf->len += 1 + i;
  if (G_LIKELY (p[i] == '\0'))
    {
      out[i] = '"';
      buf->len++;
      return;
    }

  write_string_escaped (buf, p + i);
}

typedef struct
{
  const char *name;
  JsonNode   *node;
  gint64      index;
} Member;

/* JavaScript lists the members whose names are array indices (canonical
 * integers below 2^32 - 1) first, in numeric order, whatever order they
 * were added in; TanStack's sorted copy of an object inherits that. */
static gint64
array_index_of (const char *name)
{
  gint64 value = 0;
  const char *p;

  if (!g_ascii_isdigit (name[0]))
    return -1;
  if (name[0] == '0')
    return name[1] == '\0' ? 0 : -1;

  for (p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) || p - name >= 10)
        return -1;
      value = value * 10 + (*p - '0');
    }

  return value <= G_GINT64_CONSTANT (4294967294) ? value : -1;
}

/* The UTF-16 code unit at which a code point sorts, with its low surrogate
 * in the lower bits so astral code points order among themselves too. */
static inline guint32
utf16_sort_key (gunichar c)
{
  if (c < 0x10000)
    return (guint32) c << 16;

  c -= 0x10000;
  return ((0xD800 + (c >> 10)) << 16) | (0xDC00 + (c & 0x3FF));
}

/* JavaScript sorts names by UTF-16 code units. UTF-8 bytes sort by code
 * point, which agrees except between U+E000..U+FFFF and astral code points
 * (whose surrogates sort lower); only then is the character decoded. */
G_GNUC_NO_INLINE static int
compare_non_ascii (const char *a,
                   const char *b,
                   gsize       i)
{
  const guchar *ua = (const guchar *) a;
  const guchar *ub = (const guchar *) b;
  gsize start = i;
  gunichar ca, cb;

  while (start > 0 && (ua[start] & 0xC0) == 0x80)
    start--;

  ca = g_utf8_get_char_validated (a + start, -1);
  cb = g_utf8_get_char_validated (b + start, -1);
  if (ca >= 0x110000 || cb >= 0x110000 || ca == cb)
    return (int) ua[i] - (int) ub[i];

  return utf16_sort_key (ca) < utf16_sort_key (cb) ? -1 : 1;
}

static inline int
compare_names (const char *a,
               const char *b)
{
  const guchar *ua = (const guchar *) a;
  const guchar *ub = (const guchar *) b;
  gsize i = 0;

  while (ua[i] != '\0' && ua[i] == ub[i])
    i++;

  if (G_LIKELY (ua[i] < 0x80 || ub[i] < 0x80))
    return (int) ua[i] - (int) ub[i];

  return compare_non_ascii (a, b, i);
}

static inline int
compare_members (const Member *a,
                 const Member *b)
{
  if (a->index >= 0 || b->index >= 0)
    {
      if (a->index < 0)
        return 1;
      if (b->index < 0)
        return -1;
      return a->index < b->index ? -1 : a->index > b->index;
    }

  return compare_names (a->name, b->name);
}

static int
compare_members_qsort (gconstpointer a,
                       gconstpointer b)
{
  return compare_members (a, b);
}

static void write_node (CanonBuf *buf,
                        JsonNode *node);

static void
write_object (CanonBuf   *buf,
              JsonObject *object)
{
  Member stack[STACK_MEMBERS];
  Member *members = stack;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  guint size = json_object_get_size (object);
  guint n = 0;
  guint i;

  if (size > STACK_MEMBERS)
    members = g_new (Member, size);

  json_object_iter_init (&iter, object);
  while (n < size && json_object_iter_next (&iter, &name, &node))
    {
      members[n].name = name;
      members[n].node = node;
      members[n].index = array_index_of (name);
      n++;
    }

  if (n <= STACK_MEMBERS)
    {
      for (i = 1; i < n; i++)
        {
          Member m = members[i];
          guint j = i;

          while (j > 0 && compare_members (&members[j - 1], &m) > 0)
            {
              members[j] = members[j - 1];
              j--;
            }
          members[j] = m;
        }
    }
  else
    {
      qsort (members, n, sizeof (Member), compare_members_qsort);
    }

  canon_buf_append_c (buf, '{');
  for (i = 0; i < n; i++)
    {
      if (i > 0)
        canon_buf_append_c (buf, ',');
      write_string (buf, members[i].name);
      canon_buf_append_c (buf, ':');
      write_node (buf, members[i].node);
    }
  canon_buf_append_c (buf, '}');

  if (members != stack)
    g_free (members);
}

static void
write_array (CanonBuf  *buf,
             JsonArray *array)
{
  guint len = json_array_get_length (array);

  canon_buf_append_c (buf, '[');
  for (guint i = 0; i < len; i++)
    {
      if (i > 0)
        canon_buf_append_c (buf, ',');
      write_node (buf, json_array_get_element (array, i));
    }
  canon_buf_append_c (buf, ']');
}

static void
write_node (CanonBuf *buf,
            JsonNode *node)
{
  /* One call tells a scalar's type (and G_TYPE_INVALID for null, the
   * boxed types for containers): keys are mostly scalars, for which a
   * json_node_get_node_type() first would be a call more. */
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);

      if (str != NULL)
        write_string (buf, str);
      else
        canon_buf_append_len (buf, "null", 4);
    }
  else if (type == G_TYPE_INT64)
    {
      canon_buf_reserve (buf, 24);
      buf->len += format_int64 (json_node_get_int (node), buf->data + buf->len);
    }
  else if (type == G_TYPE_DOUBLE)
    {
      canon_buf_reserve (buf, 32);
      buf->len += format_double (json_node_get_double (node), buf->data + buf->len);
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      if (json_node_get_boolean (node))
        canon_buf_append_len (buf, "true", 4);
      else
        canon_buf_append_len (buf, "false", 5);
    }
  else
    {
      switch (json_node_get_node_type (node))
        {
        case JSON_NODE_OBJECT:
          write_object (buf, json_node_get_object (node));
          break;

        case JSON_NODE_ARRAY:
          write_array (buf, json_node_get_array (node));
          break;

        case JSON_NODE_VALUE:
        case JSON_NODE_NULL:
        default:
          canon_buf_append_len (buf, "null", 4);
          break;
        }
    }
}

/**
 * gq_json_to_canonical:
 * @node: a JSON value
 *
 * Writes @node as canonical JSON text, the text TanStack Query's `hashKey`
 * produces: object members sorted by name, no white space, numbers as
 * JavaScript writes them (so `4` and `4.0` both give `4`, and NaN or the
 * infinities give `null`), strings escaped as `JSON.stringify` escapes
 * them. Two values give the same text exactly when they are the same JSON
 * value, whatever the order their members were added in.
 *
 * Returns: (transfer full): the canonical text of @node
 */
char *
gq_json_to_canonical (JsonNode *node)
{
  char stack[STACK_BUFFER];
  CanonBuf buf = { stack, 0, sizeof stack, stack };
  char *result;

  g_return_val_if_fail (node != NULL, NULL);

  write_node (&buf, node);

  if (buf.data == buf.stack)
    {
      result = g_malloc (buf.len + 1);
      memcpy (result, buf.data, buf.len);
    }
  else
    {
      result = buf.data;
    }
  result[buf.len] = '\0';

  return result;
}

void
_gq_canonical_init (GqCanonical *self,
                    JsonNode    *node)
{
  CanonBuf buf = { self->stack, 0, sizeof self->stack, self->stack };

  write_node (&buf, node);
  buf.data[buf.len] = '\0';

  self->str = buf.data;
  self->len = buf.len;
}

void
_gq_canonical_init_prefix (GqCanonical *self,
                           JsonArray   *array,
                           guint        length,
                           gsize       *ends)
{
  CanonBuf buf = { self->stack, 0, sizeof self->stack, self->stack };

  canon_buf_append_c (&buf, '[');
  for (guint i = 0; i < length; i++)
    {
      if (i > 0)
        canon_buf_append_c (&buf, ',');
      write_node (&buf, json_array_get_element (array, i));
      if (ends != NULL)
        ends[i] = buf.len;
    }
  buf.data[buf.len] = '\0';

  self->str = buf.data;
  self->len = buf.len;
}

void
_gq_canonical_clear (GqCanonical *self)
{
  if (self->str != self->stack)
    g_free (self->str);
  self->str = NULL;
  self->len = 0;
}

/* Equality ---------------------------------------------------------------- */

/* Names and strings in JSON data are short: a plain loop beats a call to
 * the vectorised strcmp(), whose set-up dominates for a few bytes. */
static inline gboolean
str_equal (const char *a,
           const char *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  while (*a != '\0' && *a == *b)
    {
      a++;
      b++;
    }

  return *a == *b;
}

static gboolean
objects_equal (JsonObject *a,
               JsonObject *b)
{
  JsonObjectIter iter_a;
  JsonObjectIter iter_b;
  const char *name_a;
  const char *name_b;
  JsonNode *node_a;
  JsonNode *node_b;
  guint size = json_object_get_size (a);
  guint i;

  if (a == b)
    return TRUE;
  if (size != json_object_get_size (b))
    return FALSE;

  /* Objects built by the same code (two responses of one endpoint) walk
   * their members in the same order, so pair them up by position and look
   * a member up by name only when the names disagree. With equal sizes,
   * finding every member of @a in @b proves the names are the same. */
  json_object_iter_init (&iter_a, a);
  json_object_iter_init (&iter_b, b);
  for (i = 0; i < size; i++)
    {
      if (!json_object_iter_next (&iter_a, &name_a, &node_a) ||
          !json_object_iter_next (&iter_b, &name_b, &node_b))
        return FALSE;

      if (!str_equal (name_a, name_b))
        {
          node_b = json_object_get_member (b, name_a);
          if (node_b == NULL)
            return FALSE;
        }

      if (!gq_json_equal (node_a, node_b))
        return FALSE;
    }

  return TRUE;
}

/* Comparing big arrays of parsed JSON is bound by cache misses. A parser
 * allocates the elements in order, so the memory from one element's node
 * to the next one's holds much of the first element's subtree: fetching
 * that span a few elements ahead saves about a quarter of the time on
 * 10 000 objects. Prefetching never faults, so another layout only wastes
 * the fetch, and the span is capped. */
#define PREFETCH_MIN_LENGTH 64
#define PREFETCH_AHEAD      8
#define PREFETCH_MAX_SPAN   4096

/* Walks one array's spans ahead of a scan. A sequential scan reads one
 * element a step: the end of a span is the start of the next one. */
typedef struct
{
  JsonArray *array;
  guint      length;
  guint      index;
  guintptr   end;
} Prefetcher;

static inline void
prefetcher_init (Prefetcher *self,
                 JsonArray  *array,
                 guint       length)
{
  self->array = array;
  self->length = length;
  self->index = G_MAXUINT;
  self->end = 0;
}

static inline void
prefetcher_step (Prefetcher *self,
                 guint       index)
{
#ifdef __GNUC__
  guint ahead = index + PREFETCH_AHEAD;
  guintptr start;
  guintptr end;
  guintptr span;
  guintptr offset;

  if (self->length < PREFETCH_MIN_LENGTH || ahead + 1 >= self->length)
    return;

  if (self->end != 0 && index == self->index + 1)
    start = self->end;
  else
    start = (guintptr) json_array_get_element (self->array, ahead);
  end = (guintptr) json_array_get_element (self->array, ahead + 1);
  self->index = index;
  self->end = end;

  span = end > start && end - start <= PREFETCH_MAX_SPAN ? end - start : 64;

  for (offset = 0; offset < span; offset += 64)
    __builtin_prefetch ((const char *) start + offset);
#endif
}

static gboolean
arrays_equal (JsonArray *a,
              JsonArray *b)
{
  guint len = json_array_get_length (a);
  Prefetcher prefetch_a;
  Prefetcher prefetch_b;
  guint i;

  if (a == b)
    return TRUE;
  if (len != json_array_get_length (b))
    return FALSE;

  prefetcher_init (&prefetch_a, a, len);
  prefetcher_init (&prefetch_b, b, len);
  for (i = 0; i < len; i++)
    {
      prefetcher_step (&prefetch_a, i);
      prefetcher_step (&prefetch_b, i);

      if (!gq_json_equal (json_array_get_element (a, i),
                          json_array_get_element (b, i)))
        return FALSE;
    }

  return TRUE;
}

/**
 * gq_json_equal:
 * @a: (nullable): a JSON value
 * @b: (nullable): a JSON value
 *
 * Compares two JSON values deeply. Numbers compare by value, so the
 * integer `4` equals the double `4.0`; objects compare whatever the order
 * of their members; %NULL equals only %NULL. Nothing is allocated.
 *
 * Returns: %TRUE if @a and @b are the same JSON value
 */
gboolean
gq_json_equal (JsonNode *a,
               JsonNode *b)
{
  GType type_a;
  GType type_b;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  /* One call tells containers and scalars apart, which matters as the
   * comparison of big responses is mostly calls into json-glib. */
  type_a = json_node_get_value_type (a);
  type_b = json_node_get_value_type (b);

  if (type_a == G_TYPE_STRING)
    {
      if (type_b == G_TYPE_STRING)
        return str_equal (json_node_get_string (a), json_node_get_string (b));
      return node_kind (a) == KIND_NULL && node_kind (b) == KIND_NULL;
    }

  if (type_a == G_TYPE_INT64)
    {
      if (type_b == G_TYPE_INT64)
        return json_node_get_int (a) == json_node_get_int (b);
      return type_b == G_TYPE_DOUBLE &&
             (double) json_node_get_int (a) == json_node_get_double (b);
    }

  if (type_a == G_TYPE_DOUBLE)
    {
      if (type_b == G_TYPE_DOUBLE)
        return json_node_get_double (a) == json_node_get_double (b);
      return type_b == G_TYPE_INT64 &&
             json_node_get_double (a) == (double) json_node_get_int (b);
    }

  if (type_a == G_TYPE_BOOLEAN)
    return type_b == G_TYPE_BOOLEAN &&
           !json_node_get_boolean (a) == !json_node_get_boolean (b);

  if (type_a == JSON_TYPE_OBJECT)
    return type_b == JSON_TYPE_OBJECT &&
           objects_equal (json_node_get_object (a), json_node_get_object (b));

  if (type_a == JSON_TYPE_ARRAY)
    return type_b == JSON_TYPE_ARRAY &&
           arrays_equal (json_node_get_array (a), json_node_get_array (b));

  /* Null, as a null node or a value node holding null. */
  return node_kind (b) == KIND_NULL;
}

/* Structural sharing ------------------------------------------------------ */

/* Copies @node deeply. With @sealed, sealed subtrees are shared rather
 * than copied and the copy is sealed; without, every node is new and
 * mutable. */
static JsonNode *
copy_node (JsonNode *node,
           gboolean  sealed)
{
  JsonNode *copy;

  if (sealed && json_node_is_immutable (node))
    return json_node_ref (node);

  /* json_node_copy() shares the container or the value with @node, and
   * sealing the copy would seal those too: copy by hand. */
  switch (node_kind (node))
    {
    case KIND_OBJECT:
      {
        JsonObject *result = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          json_object_set_member (result, name, copy_node (member, sealed));

        copy = json_node_init_object (json_node_alloc (), result);
        json_object_unref (result);
      }
      break;

    case KIND_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint len = json_array_get_length (array);
        JsonArray *result = json_array_sized_new (len);

        for (guint i = 0; i < len; i++)
          json_array_add_element (result, copy_node (json_array_get_element (array, i), sealed));

        copy = json_node_init_array (json_node_alloc (), result);
        json_array_unref (result);
      }
      break;

    case KIND_STRING:
      copy = json_node_init_string (json_node_alloc (), json_node_get_string (node));
      break;

    case KIND_INT:
      copy = json_node_init_int (json_node_alloc (), json_node_get_int (node));
      break;

    case KIND_DOUBLE:
      copy = json_node_init_double (json_node_alloc (), json_node_get_double (node));
      break;

    case KIND_BOOLEAN:
      copy = json_node_init_boolean (json_node_alloc (), json_node_get_boolean (node));
      break;

    case KIND_NULL:
    default:
      copy = json_node_init_null (json_node_alloc ());
      break;
    }

  if (sealed)
    json_node_seal (copy);

  return copy;
}

/**
 * gq_json_seal_copy:
 * @node: a JSON node
 *
 * Gets a sealed (immutable) version of @node without touching it: @node
 * itself if it is sealed already, else a sealed deep copy whose sealed
 * subtrees are shared.
 *
 * Returns: (transfer full): a sealed node
 */
JsonNode *
gq_json_seal_copy (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return copy_node (node, TRUE);
}

/**
 * gq_json_copy:
 * @node: a JSON node, sealed or not
 *
 * Copies @node deeply into nodes you may change. Cached data is sealed: an
 * updater that wants to edit it copies it with this first. (Unlike
 * json_node_copy(), which shares the containers of @node.)
 *
 * Returns: (transfer full): a mutable deep copy
 */
JsonNode *
gq_json_copy (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return copy_node (node, FALSE);
}

/* A new container is sealed, which seals what it holds: whatever goes in
 * must be sealed already, or a sealed copy, so the inputs stay untouched. */
static inline JsonNode *
ensure_sealed (JsonNode *owned)
{
  JsonNode *copy;

  if (G_LIKELY (json_node_is_immutable (owned)))
    return owned;

  copy = copy_node (owned, TRUE);
  json_node_unref (owned);
  return copy;
}

static JsonNode *replace_deep (JsonNode *previous,
                               JsonNode *next,
                               guint     depth);

static JsonNode *
replace_arrays (JsonNode *previous,
                JsonNode *next,
                guint     depth)
{
  JsonArray *prev_array = json_node_get_array (previous);
  JsonArray *next_array = json_node_get_array (next);
  guint prev_len = json_array_get_length (prev_array);
  guint next_len = json_array_get_length (next_array);
  guint common = MIN (prev_len, next_len);
  JsonArray *result;
  JsonNode *node;
  guint first_change = 0;
  Prefetcher prefetch_prev;
  Prefetcher prefetch_next;
  gboolean next_sealed;
  gboolean same_as_next;
  gboolean shares_previous;
  guint i;

  if (prev_array == next_array)
    return json_node_ref (previous);

  prefetcher_init (&prefetch_prev, prev_array, common);
  prefetcher_init (&prefetch_next, next_array, common);

  /* Elements before the first difference are shared as they are, so only
   * the rest goes through the recursion (which scans each one once). */
  same_as_next = TRUE;
  while (first_change < common)
    {
      JsonNode *prev_element = json_array_get_element (prev_array, first_change);
      JsonNode *next_element = json_array_get_element (next_array, first_change);

      /* The same node needs neither a comparison nor a prefetch. */
      if (prev_element != next_element)
        {
          prefetcher_step (&prefetch_prev, first_change);
          prefetcher_step (&prefetch_next, first_change);

          if (!gq_json_equal (prev_element, next_element))
            break;
          same_as_next = FALSE;
        }
      first_change++;
    }

  if (first_change == common && prev_len == next_len)
    return json_node_ref (previous);

  /* A sealed @next that holds @previous's very nodes (a page appended to
   * an infinite query's pages) is the result itself: building it again
   * would copy every reference and hash every element for the seal. */
  next_sealed = json_node_is_immutable (next);
  if (next_sealed && same_as_next && first_change == common && common > 0)
    return json_node_ref (next);
  /* A result sharing nothing of @previous stays a new value, as the
   * depth limit of TanStack's copy wants it. */
  shares_previous = first_change > 0;

  result = json_array_sized_new (next_len);

  for (i = 0; i < first_change; i++)
    json_array_add_element (result,
                            ensure_sealed (json_node_ref (json_array_get_element (prev_array, i))));

  for (; i < common; i++)
    {
      JsonNode *next_element = json_array_get_element (next_array, i);
      JsonNode *element;

      prefetcher_step (&prefetch_prev, i);
      prefetcher_step (&prefetch_next, i);
      element = ensure_sealed (replace_deep (json_array_get_element (prev_array, i),
                                             next_element, depth + 1));
      same_as_next = same_as_next && element == next_element;
      shares_previous = shares_previous || element == json_array_get_element (prev_array, i);
      json_array_add_element (result, element);
    }

  for (; i < next_len; i++)
    json_array_add_element (result, copy_node (json_array_get_element (next_array, i), TRUE));

  if (next_sealed && same_as_next && shares_previous)
    {
      json_array_unref (result);
      return json_node_ref (next);
    }

  node = json_node_init_array (json_node_alloc (), result);
  json_array_unref (result);
  json_node_seal (node);

  return node;
}

static JsonNode *
replace_objects (JsonNode *previous,
                 JsonNode *next,
                 guint     depth)
{
  JsonObject *prev_object = json_node_get_object (previous);
  JsonObject *next_object = json_node_get_object (next);
  JsonObject *result;
  JsonObjectIter iter;
  const char *name;
  JsonNode *next_member;
  JsonNode *node;
  gboolean same_as_next;
  gboolean shares_previous = FALSE;

  /* The ordered walk below costs a hash lookup a member: most objects of
   * a refetch are unchanged and leave through the cheaper scan. */
  if (objects_equal (prev_object, next_object))
    return json_node_ref (previous);

  /* The copy takes @next's member order, as TanStack's copy does. */
  same_as_next = json_node_is_immutable (next);
  result = json_object_new ();
  json_object_iter_init_ordered (&iter, next_object);
  while (json_object_iter_next_ordered (&iter, &name, &next_member))
    {
      JsonNode *prev_member = json_object_get_member (prev_object, name);
      JsonNode *member;

      if (prev_member == NULL)
        member = copy_node (next_member, TRUE);
      else
        member = ensure_sealed (replace_deep (prev_member, next_member, depth + 1));

      same_as_next = same_as_next && member == next_member;
      shares_previous = shares_previous || member == prev_member;
      json_object_set_member (result, name, member);
    }

  /* As for arrays: a sealed @next made of the result's nodes, some of
   * them @previous's, is the result, and sealing a copy would hash it all
   * again. */
  if (same_as_next && shares_previous)
    {
      json_object_unref (result);
      return json_node_ref (next);
    }

  node = json_node_init_object (json_node_alloc (), result);
  json_object_unref (result);
  json_node_seal (node);

  return node;
}

static JsonNode *
replace_deep (JsonNode *previous,
              JsonNode *next,
              guint     depth)
{
  Kind kind;

  if (previous == next)
    return json_node_ref (previous);

  if (depth > REPLACE_MAX_DEPTH)
    return copy_node (next, TRUE);

  kind = node_kind (next);
  if (kind == KIND_ARRAY || kind == KIND_OBJECT)
    {
      if (node_kind (previous) != kind)
        return copy_node (next, TRUE);
      if (kind == KIND_ARRAY)
        return replace_arrays (previous, next, depth);
      return replace_objects (previous, next, depth);
    }

  /* Equal scalars are one value in JavaScript (`===`), so the old node is
   * kept, which lets the containers above count them as unchanged. */
  if (gq_json_equal (previous, next))
    return json_node_ref (previous);

  return copy_node (next, TRUE);
}

/**
 * gq_json_replace_equal_deep:
 * @previous: (nullable): the current value
 * @next: (nullable): the new value
 *
 * Structural sharing, TanStack Query's `replaceEqualDeep`: returns
 * @previous itself when @next is deeply equal to it (see
 * [func@Gq.json_equal]), so that a refetch returning the same data
 * changes no pointer. Otherwise returns a new value equal to @next in
 * which every array element (by index) and object member (by name) that
 * is deeply equal in @previous is @previous's node; every container on the
 * way to a change is new, and objects take @next's member order (but a
 * sealed container of @next that already holds exactly those nodes, some
 * of them @previous's, is taken as it is: a page appended to the pages
 * held costs no copy of the others). Past a
 * nesting depth of 500 the new value holds @next's nodes instead, as
 * TanStack's guard does (a @next deeply equal to @previous still gives
 * @previous).
 *
 * Neither argument is modified. A new value is sealed (see
 * json_node_seal()): it shares the sealed nodes of both arguments and
 * holds sealed copies of the parts that are not, so pass sealed values,
 * as the cache stores, to avoid copies. When @next equals @previous,
 * @previous is returned as it is, sealed or not.
 *
 * The nodes of @previous shared into the result keep @previous's
 * containers as their parents: do not rely on json_node_get_parent() for
 * them.
 *
 * Returns: (transfer full) (nullable): @previous, a new value sharing
 *   @previous's unchanged parts, or @next; %NULL if @next is %NULL
 */
JsonNode *
gq_json_replace_equal_deep (JsonNode *previous,
                            JsonNode *next)
{
  if (next == NULL)
    return NULL;
  if (previous == NULL)
    return copy_node (next, TRUE);

  return replace_deep (previous, next, 0);
}

/* Parsing ----------------------------------------------------------------- */

/* json-glib 1.6 reads an integer literal beyond 64 bits as garbage (-1,
 * or a wrapped value) without an error: a key [123456789012345678901234]
 * would hash as [-1]. JavaScript reads it as a double; so do we, by
 * making such literals decimals before parsing. Returns NULL when the text
 * has none (the common case), else the rewritten text. */
static GString *
widen_big_integers (const char *text,
                    gsize       length)
{
  GString *widened = NULL;
  gsize copied = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];
      gsize end;
      gsize digits = 0;
      gboolean integer = TRUE;

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        {
          in_string = TRUE;
          continue;
        }

      if (c != '-' && !g_ascii_isdigit (c))
        continue;

      for (end = i; end < length && strchr ("0123456789+-.eE", text[end]) != NULL && text[end] != '\0'; end++)
        {
          if (g_ascii_isdigit (text[end]))
            digits++;
          else if (end > i || text[end] != '-')
            integer = FALSE;
        }

      if (integer && digits >= 19)
        {
          g_autofree char *token = g_strndup (text + i, end - i);

          if (!g_ascii_string_to_signed (token, 10, G_MININT64, G_MAXINT64, NULL, NULL))
            {
              if (widened == NULL)
                widened = g_string_sized_new (length + 16);
              g_string_append_len (widened, text + copied, end - copied);
              g_string_append (widened, ".0");
              copied = end;
            }
        }

      i = end - 1;
    }

  if (widened != NULL)
    g_string_append_len (widened, text + copied, length - copied);

  return widened;
}

/**
 * gq_json_parse:
 * @text: JSON text
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Parses JSON text into a sealed (immutable) value, ready to be stored in
 * the cache and shared.
 *
 * Returns: (transfer full): the value, or %NULL with
 *   %GQ_ERROR_INVALID_JSON set if @text is not JSON
 */
JsonNode *
gq_json_parse (const char  *text,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) widened = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (text);

  widened = widen_big_integers (text, length);
  if (widened != NULL)
    {
      text = widened->str;
      length = widened->len;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, length > 0 ? text : "", length, &local_error))
    {
      g_set_error (error, GQ_ERROR, GQ_ERROR_INVALID_JSON,
                   "%s", local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, GQ_ERROR, GQ_ERROR_INVALID_JSON,
                           "Empty JSON text");
      return NULL;
    }

  /* The immutable parser seals what it builds; make sure of it. */
  json_node_seal (root);

  return root;
}
