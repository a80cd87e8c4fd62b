/*
** core/json_out.c: the pieces every JSON writer of gapplan is made of
** (json_out.h): indentation, escaped strings, keys and number arrays.
*/
#include "json_out.h"

#include "gapplan/text.h"

/* Indentation of each level, two spaces a level, with the newline before it. */
static const char indent_text[] = "\n                    ";
#define MAX_INDENT ((int)(sizeof indent_text - 2) / 2)

void gp_jw_nl(gp_textout *t, int level) {
    if (level > MAX_INDENT)
        level = MAX_INDENT;
    gp_textout_write(t, indent_text, 1 + 2 * (size_t)level);
}

/* Bytes that must be escaped in a JSON string: controls, the quote and the backslash. */
static bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

/*
** A JSON string. Text that is not valid UTF-8 (a command-line argument can be
** anything) has each byte from 0x80 up replaced by U+FFFD, so the file always
** parses.
*/
void gp_jw_escaped(gp_textout *t, const char *s) {
    static const char hex[] = "0123456789abcdef";
    size_t len = strlen(s);
    bool utf8 = gp_utf8_valid(s, len);
    size_t run = 0; /* start of the bytes not yet written */

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!needs_escape(c) && (utf8 || c < 0x80))
            continue;
        gp_textout_write(t, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': gp_textout_write(t, "\\\"", 2); break;
        case '\\': gp_textout_write(t, "\\\\", 2); break;
        case '\n': gp_textout_write(t, "\\n", 2); break;
        case '\r': gp_textout_write(t, "\\r", 2); break;
        case '\t': gp_textout_write(t, "\\t", 2); break;
        case '\b': gp_textout_write(t, "\\b", 2); break;
        case '\f': gp_textout_write(t, "\\f", 2); break;
        default:
            if (c >= 0x80) {
                gp_textout_write(t, "\\ufffd", 6);
            } else {
                char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                gp_textout_write(t, esc, sizeof esc);
            }
        }
    }
    gp_textout_write(t, s + run, len - run);
}

void gp_jw_string(gp_textout *t, const char *s) {
    gp_textout_char(t, '"');
    gp_jw_escaped(t, s);
    gp_textout_char(t, '"');
}

/* "key": */
void gp_jw_key(gp_textout *t, const char *key) {
    gp_jw_string(t, key);
    gp_textout_write(t, ": ", 2);
}

/* A member name written as given: the writer's own keys, which never need escaping. */
void gp_jw_plain_key(gp_textout *t, const char *key) {
    gp_textout_char(t, '"');
    gp_textout_puts(t, key);
    gp_textout_write(t, "\": ", 3);
}

/* An array of numbers on one line; a non-finite value (the model never hands one out) is null. */
void gp_jw_numbers(gp_textout *t, const double *v, int n) {
    gp_textout_char(t, '[');
    for (int i = 0; i < n; i++) {
        if (i)
            gp_textout_char(t, ',');
        if (!gp_textout_double(t, v[i]))
            gp_textout_write(t, "null", 4);
    }
    gp_textout_char(t, ']');
}

void gp_jw_strings(gp_textout *t, char *const *s, size_t n) {
    gp_textout_char(t, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            gp_textout_write(t, ", ", 2);
        gp_jw_string(t, s[i]);
    }
    gp_textout_char(t, ']');
}

