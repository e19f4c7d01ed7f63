/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-store"

#include "config.h"

#include "ea-store-pg-private.h"

#include <string.h>

/* The SQL of the store in PostgreSQL's words: the store's parameters
 * as PostgreSQL's ($1 …), and the engine-specific words that the store's
 * SQL writes as SQLite's with PostgreSQL's in a comment. */

static void
mark_used (GByteArray *used,
           int         index)
{
  static const guint8 zero = 0;
  static const guint8 one = 1;

  if (used == NULL || index < 1 || index > EA_PG_MAX_PARAMS)
    return;
  while ((int) used->len < index)
    g_byte_array_append (used, &zero, 1);
  used->data[index - 1] = one;
}

/* A name that the store's SQL wrote as SQLite's, with PostgreSQL's in a
 * comment right after it ("min/\*pg:least*\/"): the name before the
 * comment is replaced. */
static void
replace_last_word (GString    *out,
                   const char *word,
                   gsize       length)
{
  gsize end = out->len;
  gsize start = end;

  while (start > 0 && _ea_pg_is_word_char (out->str[start - 1]))
    start--;
  g_string_truncate (out, start);
  g_string_append_len (out, word, length);
}

/**
 * _ea_pg_translate:
 * @sql: SQL as the store's statements take it
 * @n_params: (out) (optional): the highest parameter number
 * @names: (element-type utf8) (optional): for each number, its :name or ""
 * @used: (optional): for each number, 1 when the SQL refers to it
 *
 * Numbers the parameters as PostgreSQL does ("?" is the next after the
 * highest so far, "?N" is N, ":name" the same number each time it
 * appears), leaves strings, quoted names and comments alone, and puts
 * the PostgreSQL words of EA_SQL_* in place of SQLite's.
 */
char *
_ea_pg_translate (const char *sql,
                  int        *n_params,
                  GPtrArray  *names,
                  GByteArray *used)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  g_autoptr(GPtrArray) local_names = names ? NULL : g_ptr_array_new_with_free_func (g_free);
  int highest = 0;
  const char *p = sql;
  /* Where a part for SQLite only began in @out, and the end of the
   * PostgreSQL part that replaces it, while it is read. */
  gssize sqlite_part = -1;
  const char *pg_part_end = NULL;

  if (names == NULL)
    names = local_names;
  while (*p != '\0')
    {
      if (p == pg_part_end)
        {
          p += 2;
          pg_part_end = NULL;
        }
      else if (pg_part_end == NULL && g_str_has_prefix (p, "/*sqlite*/"))
        {
          sqlite_part = (gssize) out->len;
          p += strlen ("/*sqlite*/");
        }
      else if (sqlite_part >= 0 && g_str_has_prefix (p, "/*pg:") && strstr (p, "*/") != NULL)
        {
          g_string_truncate (out, (gsize) sqlite_part);
          sqlite_part = -1;
          pg_part_end = strstr (p, "*/");
          p += strlen ("/*pg:");
        }
      else if (*p == '\'' || *p == '"')
        {
          char quote = *p;
          const char *start = p++;

          while (*p != '\0' && !(*p == quote && p[1] != quote))
            p += (*p == quote) ? 2 : 1;
          if (*p != '\0')
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          const char *start = p;

          while (*p != '\0' && *p != '\n')
            p++;
          g_string_append_len (out, start, p - start);
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *start = p;
          const char *end = strstr (p + 2, "*/");

          p = end ? end + 2 : p + strlen (p);
          if (g_str_has_prefix (start, "/*pg:") && end != NULL)
            replace_last_word (out, start + 5, end - (start + 5));
          else
            g_string_append_len (out, start, p - start);
        }
      else if (*p == '?')
        {
          int index;

          p++;
          if (g_ascii_isdigit (*p))
            {
              index = 0;
              for (; g_ascii_isdigit (*p); p++)
                index = MIN (index * 10 + (*p - '0'), EA_PG_MAX_PARAMS + 1);
            }
          else
            index = highest + 1;
          highest = MAX (highest, index);
          mark_used (used, index);
          g_string_append_printf (out, "$%d", index);
        }
      else if (*p == ':' && p[1] != ':' && (g_ascii_isalpha (p[1]) || p[1] == '_') &&
               (p == sql || p[-1] != ':'))
        {
          const char *start = ++p;
          g_autofree char *name = NULL;
          int index = 0;

          while (_ea_pg_is_word_char (*p))
            p++;
          name = g_strndup (start, p - start);
          for (guint i = 0; i < names->len; i++)
            if (g_str_equal (g_ptr_array_index (names, i), name))
              index = (int) i + 1;
          if (index == 0)
            index = highest + 1;
          highest = MAX (highest, index);
          while ((int) names->len < index)
            g_ptr_array_add (names, g_strdup (""));
          g_free (g_ptr_array_index (names, index - 1));
          g_ptr_array_index (names, index - 1) = g_strdup (name);
          mark_used (used, index);
          g_string_append_printf (out, "$%d", index);
        }
      else if (p[0] == ':' && p[1] == ':')
        {
          g_string_append (out, "::");
          p += 2;
        }
      else
        g_string_append_c (out, *p++);
    }
  while ((int) names->len < highest)
    g_ptr_array_add (names, g_strdup (""));
  if (n_params != NULL)
    *n_params = highest;
  return g_string_free (out, FALSE);
}
