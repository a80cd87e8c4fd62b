/*
** core/json_out.h (private): writing JSON text through a gp_textout, for the
** result, comparison and summary writers.
**
** Structure is indented two spaces a level for people reading it; number
** arrays, nearly all of the bytes, go on one line each. Strings are escaped
** so the file always parses, whatever bytes a name or a command line holds.
*/
#ifndef GP_JSON_OUT_H
#define GP_JSON_OUT_H

#include "textout.h"

/* A newline and the indentation of `level` (two spaces a level, capped). */
void gp_jw_nl(gp_textout *t, int level);
/* The characters of `s`, escaped for a JSON string; bytes of text that is not UTF-8 become U+FFFD. */
void gp_jw_escaped(gp_textout *t, const char *s);
/* "s", escaped. */
void gp_jw_string(gp_textout *t, const char *s);
/* "key": with the key escaped. */
void gp_jw_key(gp_textout *t, const char *key);
/* "key": written as given: for the writers' own keys, which never need escaping. */
void gp_jw_plain_key(gp_textout *t, const char *key);
/* [v0,v1,...] on one line; a non-finite value is written null. */
void gp_jw_numbers(gp_textout *t, const double *v, int n);
/* ["s0", "s1", ...] on one line, each escaped. */
void gp_jw_strings(gp_textout *t, char *const *s, size_t n);

#endif
