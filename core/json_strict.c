/*
** core/json_strict.c: strict JSON for plan files (json_strict.h).
**
** One pass of recursive descent checks the text against RFC 8259 and the
** plan rules cJSON does not enforce; only text that passes is handed to cJSON
** to build the tree. The depth of the descent is bounded by
** GP_JSON_MAX_DEPTH, so hostile nesting is an error, never a stack overflow.
**
** After a syntax error nothing further can be read with confidence, so the
** scan stops there. Problems that leave the structure intact (a duplicate
** key, an overflowing number, "\u0000", a bad escape, invalid UTF-8 in a
** string) are reported and the scan goes on, so one run names them all.
**
** Valid plans have no problems, and the benchmark plan is ~40 MB, so the hot
** path is a few tight byte loops. Everything a message needs (the column, the
** JSON path, a key as text) is worked out only when a problem is reported:
** the scan keeps just the line number, where the line starts, and a frame per
** open object or array that points back into the text.
*/
#include "json_strict.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_keys.h"
#include "json_text.h"

/* cJSON copies a number into a 64-byte buffer and silently cuts it there, so longer numbers are refused. */
#define NUMBER_MAX_CHARS 63
/* A number whose decimal exponent is at most this cannot overflow a double; only larger ones go to strtod. */
#define NUMBER_SAFE_EXPONENT 300
/* Exponent digits are summed up to this; past it a number is 0 or infinite whatever its other digits. */
#define EXPONENT_CLAMP 1000000
/* Bytes of a stray word (NaN, True, undefined) quoted in a message. */
#define WORD_SHOWN 24

typedef unsigned char uchar;

/* An open object or array, innermost last. Enough to name the path of a problem. */
typedef struct frame {
    bool is_array;
    bool has_item;    /* a key (object) or an element (array) is under way */
    size_t index;     /* array: the current element */
    const uchar *key; /* object: the current key's raw text, between its quotes */
    size_t key_len;
    bool key_escaped; /* the raw key holds escapes, so it must be decoded to be shown or compared */
    int open_line;    /* line of the '{' or '[', for "not closed" */
    size_t key_base;  /* object: its first key in the key stack */
} frame;

/* A place in the text: a line, where that line starts, and a byte on it. */
typedef struct mark {
    int line;
    const uchar *line_start, *pos;
} mark;

typedef struct parser {
    const uchar *p, *end;
    const char *file;
    gp_diag *diag;
    int line;
    const uchar *line_start;
    /* The last column worked out, so reports along one long line do not recount it. */
    const uchar *col_line_start, *col_pos;
    int col;
    int depth;
    frame frames[GP_JSON_MAX_DEPTH];
    gp_json_keys keys; /* of every open object, for the duplicate check */
    gp_json_buf key, path, shown; /* a decoded key, the path and a key as shown in a message */
    size_t problems;
    bool stop;  /* a syntax error: nothing after it can be read */
    bool nomem; /* an allocation failed: the result cannot be trusted */
} parser;

/*
** Bytes that end the fast scan of a string: the quote, the backslash, control
** characters and every non-ASCII byte (checked as UTF-8).
*/
static const uchar string_stop[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static void parse_value(parser *ps);

/* ---- small helpers ------------------------------------------------------------------- */

static bool is_digit(uchar c) {
    return c >= '0' && c <= '9';
}

static bool is_alpha(uchar c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The decoded bytes of a raw key: the raw text itself when it has no escapes, else decoded into b. */
static const uchar *key_bytes(const uchar *raw, size_t len, bool escaped, gp_json_buf *b, size_t *n) {
    if (!escaped) {
        *n = len;
        return raw;
    }
    gp_json_decode(raw, len, b);
    *n = b->len;
    return (const uchar *)gp_json_buf_text(b);
}

/* The JSON path of the value being read ("units[0].groups[1].leaver_rate"), in ps->path. */
static const char *current_path(parser *ps) {
    gp_json_buf *b = &ps->path;
    gp_json_buf_clear(b);
    for (int i = 0; i < ps->depth && ps->frames[i].has_item; i++) {
        const frame *f = &ps->frames[i];
        if (f->is_array) {
            char num[32];
            snprintf(num, sizeof num, "[%zu]", f->index);
            gp_json_buf_puts(b, num);
            continue;
        }
        size_t n;
        const uchar *k = key_bytes(f->key, f->key_len, f->key_escaped, &ps->key, &n);
        if (gp_json_plain_key(k, n)) {
            if (b->len)
                gp_json_buf_puts(b, ".");
            gp_json_buf_put(b, k, n);
        } else {
            gp_json_buf_puts(b, "[\"");
            gp_json_key_text(b, k, n);
            gp_json_buf_puts(b, "\"]");
        }
    }
    return b->len && !b->failed ? b->data : NULL;
}

/* ---- reporting ----------------------------------------------------------------------- */

static mark at(const parser *ps, const uchar *pos) {
    mark m = {ps->line, ps->line_start, pos};
    return m;
}

/* 1-based column of m: UTF-8 characters from the start of its line. */
static int column_of(parser *ps, mark m) {
    const uchar *from = m.line_start;
    int col = 1;
    if (ps->col_line_start == m.line_start && ps->col_pos && ps->col_pos <= m.pos) {
        from = ps->col_pos;
        col = ps->col;
    }
    for (const uchar *q = from; q < m.pos; q++)
        col += (*q & 0xC0) != 0x80;
    ps->col_line_start = m.line_start;
    ps->col_pos = m.pos;
    ps->col = col;
    return col;
}

static void report(parser *ps, mark m, const char *fmt, ...) GP_PRINTF(3, 4);
static void report(parser *ps, mark m, const char *fmt, ...) {
    va_list ap;
    int col = column_of(ps, m);
    const char *path = current_path(ps);
    ps->problems++;
    va_start(ap, fmt);
    if (gp_diag_addv(ps->diag, ps->file, m.line, col, path, fmt, ap) != GP_OK)
        ps->nomem = true;
    va_end(ap);
}

/* The document ended where more was needed. */
static void report_eof(parser *ps) {
    mark m = at(ps, ps->end);
    ps->stop = true;
    if (ps->depth > 0) {
        const frame *f = &ps->frames[ps->depth - 1];
        report(ps, m, "unexpected end of file: the document is truncated (%s opened at line %d is not closed)",
               f->is_array ? "an array" : "an object", f->open_line);
    } else {
        report(ps, m, "unexpected end of file: the document is truncated");
    }
}

/*
** A syntax error at ps->p: `expected` says what should have come. NUL bytes
** and bytes that are not UTF-8 get their own message, since the fix is to
** the file as a whole. `after_item` adds the likely cause when a value
** follows a value.
*/
static void unexpected(parser *ps, const char *expected, bool after_item) {
    mark m = at(ps, ps->p);
    char found[64];
    if (ps->p >= ps->end) {
        report_eof(ps);
        return;
    }
    ps->stop = true;
    uchar c = *ps->p;
    if (c == 0) {
        report(ps, m, "NUL byte in the file");
        return;
    }
    if (c >= 0x80 && !gp_json_utf8_len(ps->p, ps->end)) {
        report(ps, m, "invalid UTF-8 byte 0x%02x: the file is not UTF-8 text (save it as UTF-8)", c);
        return;
    }
    gp_json_describe(ps->p, ps->end, found, sizeof found);
    const char *hint = "";
    if (c == '\'')
        hint = " (JSON strings and keys need double quotes \")";
    else if (c == '/')
        hint = " (comments are not allowed in JSON)";
    else if (c == 0xE2 && ps->end - ps->p >= 3 && ps->p[1] == 0x80 && ps->p[2] >= 0x98 && ps->p[2] <= 0x9D)
        hint = " (curly quotes are not JSON quotes: use \")";
    else if (after_item && (c == '"' || c == '{' || c == '[' || c == '-' || is_digit(c)))
        hint = " (is a comma missing?)";
    report(ps, m, "%s, found %s%s", expected, found, hint);
}

/*
** A word where a value should be: NaN, Infinity, True, an unquoted string.
** `start` is where the value began (at a '-' for "-Infinity").
*/
static void bad_word(parser *ps, const uchar *start) {
    const uchar *w = ps->p;
    size_t n = 0;
    while (w + n < ps->end && (is_alpha(w[n]) || is_digit(w[n]) || w[n] == '_'))
        n++;
    char word[WORD_SHOWN + 1], lower[WORD_SHOWN + 1];
    size_t shown = n < WORD_SHOWN ? n : WORD_SHOWN;
    for (size_t i = 0; i < shown; i++) {
        word[i] = (char)w[i];
        lower[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
    }
    word[shown] = lower[shown] = '\0';
    const char *sign = start < w ? "-" : "";
    mark m = at(ps, start);
    ps->stop = true;
    if (n == shown && strcmp(lower, "nan") == 0)
        report(ps, m, "%sNaN is not a JSON value: write a number, or leave the key out", sign);
    else if (n == shown && (strcmp(lower, "infinity") == 0 || strcmp(lower, "inf") == 0))
        report(ps, m, "%sInfinity is not a JSON value: write a number", sign);
    else if (!*sign && n == shown &&
             (strcmp(lower, "true") == 0 || strcmp(lower, "false") == 0 || strcmp(lower, "null") == 0))
        report(ps, m, "write %s in lower case, not %s", lower, word);
    else if (*sign)
        report(ps, m, "expected a digit after '-', found '%s'", word);
    else
        report(ps, m, "expected a value, found '%s%s' (text must be in double quotes)", word,
               n > shown ? "..." : "");
}

/* ---- strings ------------------------------------------------------------------------- */

/* One escape at p (a backslash); returns where scanning goes on. Feeds the decoded bytes to *h. */
static const uchar *scan_escape(parser *ps, const uchar *p, uint32_t *h) {
    const uchar *end = ps->end;
    if (end - p < 2)
        return p + 1; /* the caller meets the end of the file */
    uchar e = p[1];
    static const char names[] = "\"\\/bfnrt", values[] = "\"\\/\b\f\n\r\t";
    const char *s = e ? strchr(names, e) : NULL;
    if (s) {
        uchar d = (uchar)values[s - names];
        *h = gp_json_hash(*h, &d, 1);
        return p + 2;
    }
    if (e != 'u') {
        if (e < 0x20 || e >= 0x7F) {
            report(ps, at(ps, p), "invalid escape: '\\' must be followed by one of \" \\ / b f n r t u");
            return p + 1;
        }
        report(ps, at(ps, p), "invalid escape \\%c in a string (write \\\\ for a backslash)", e);
        return p + 2;
    }
    long cp = gp_json_hex4(p + 2, end);
    if (cp < 0) {
        report(ps, at(ps, p), "invalid escape: \\u must be followed by four hexadecimal digits");
        return p + 2;
    }
    const uchar *q = p + 6;
    if (cp == 0) {
        report(ps, at(ps, p), "\"\\u0000\" is not allowed in a string");
        *h = gp_json_hash(*h, (const uchar *)"", 1);
        return q;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        long lo = (end - q >= 2 && q[0] == '\\' && q[1] == 'u') ? gp_json_hex4(q + 2, end) : -1;
        if (lo < 0xDC00 || lo > 0xDFFF) {
            report(ps, at(ps, p), "unpaired surrogate escape \\%.5s", (const char *)p + 1);
            return q;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        q += 6;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        report(ps, at(ps, p), "unpaired surrogate escape \\%.5s", (const char *)p + 1);
        return q;
    }
    uchar u[4];
    *h = gp_json_hash(*h, u, gp_json_utf8_encode((uint32_t)cp, u));
    return q;
}

/*
** Scan the string at ps->p (its opening quote). When `k` is not NULL the
** string is a key: its raw text and hash go there. Returns false when the
** scan must stop.
*/
static bool scan_string(parser *ps, gp_json_key *k) {
    const uchar *start = ps->p, *p = start + 1, *end = ps->end;
    uint32_t h = GP_JSON_HASH_START;
    bool escaped = false, bad_utf8 = false;

    for (;;) {
        if (k) {
            while (p < end && !string_stop[*p]) {
                h = (h ^ *p) * GP_JSON_HASH_PRIME;
                p++;
            }
        } else {
            while (p < end && !string_stop[*p])
                p++;
        }
        if (p == end) {
            ps->p = p;
            ps->stop = true;
            report(ps, at(ps, p),
                   "unexpected end of file inside a string (it starts at column %d): the document is truncated",
                   column_of(ps, at(ps, start)));
            return false;
        }
        uchar c = *p;
        if (c == '"')
            break;
        if (c == '\\') {
            escaped = true;
            p = scan_escape(ps, p, &h);
            continue;
        }
        if (c < 0x20) {
            if (c == '\n' || c == '\r') {
                ps->p = p;
                ps->stop = true;
                report(ps, at(ps, p), "a string is not closed before the end of the line (a '\"' is missing?)");
                return false;
            }
            if (c == 0)
                report(ps, at(ps, p), "NUL byte in the file");
            else
                report(ps, at(ps, p), "control character 0x%02x in a string: write it as an escape (\\u%04x)", c,
                       c);
            h = (h ^ c) * GP_JSON_HASH_PRIME;
            p++;
            continue;
        }
        size_t n = gp_json_utf8_len(p, end);
        if (n == 0) {
            /* One report a string: a Latin-1 file would otherwise give one for every accent. */
            if (!bad_utf8)
                report(ps, at(ps, p), "invalid UTF-8 byte 0x%02x in a string: save the file as UTF-8", c);
            bad_utf8 = true;
            n = 1;
        }
        h = gp_json_hash(h, p, n);
        p += n;
    }
    ps->p = p + 1;
    if (k) {
        k->raw = start + 1;
        k->len = (size_t)(p - start - 1);
        k->hash = h;
        k->escaped = escaped;
        k->line = ps->line;
    }
    return true;
}

/* ---- duplicate keys ------------------------------------------------------------------ */

/* Add key k of the object in frame f, or report it as a duplicate of an earlier key there. */
static void add_key(parser *ps, const frame *f, const gp_json_key *k) {
    bool nomem = false;
    const gp_json_key *first = gp_json_keys_add(&ps->keys, f->key_base, k, &nomem);
    if (nomem) {
        ps->nomem = ps->stop = true;
        return;
    }
    if (!first)
        return;
    size_t n;
    const uchar *bytes = key_bytes(k->raw, k->len, k->escaped, &ps->key, &n);
    gp_json_buf_clear(&ps->shown);
    gp_json_key_text(&ps->shown, bytes, n);
    report(ps, at(ps, k->raw - 1), "duplicate key \"%s\" (first at line %d)", gp_json_buf_text(&ps->shown),
           first->line);
}

/* ---- values ---------------------------------------------------------------------------- */

static bool push_frame(parser *ps, bool is_array) {
    if (ps->depth == GP_JSON_MAX_DEPTH) {
        ps->stop = true;
        report(ps, at(ps, ps->p), "nesting deeper than %d levels", GP_JSON_MAX_DEPTH);
        return false;
    }
    frame *f = &ps->frames[ps->depth++];
    memset(f, 0, sizeof *f);
    f->is_array = is_array;
    f->open_line = ps->line;
    f->key_base = ps->keys.count;
    ps->p++;
    return true;
}

static void pop_frame(parser *ps) {
    const frame *f = &ps->frames[ps->depth - 1];
    if (!f->is_array)
        gp_json_keys_pop(&ps->keys, f->key_base);
    ps->depth--;
    ps->p++;
}

static void skip_ws(parser *ps) {
    const uchar *p = ps->p, *end = ps->end;
    while (p < end) {
        uchar c = *p;
        if (c == ' ' || c == '\t' || c == '\r') {
            p++;
        } else if (c == '\n') {
            p++;
            ps->line++;
            ps->line_start = p;
        } else {
            break;
        }
    }
    ps->p = p;
}

static bool at_char(const parser *ps, uchar c) {
    return ps->p < ps->end && *ps->p == c;
}

static void parse_object(parser *ps) {
    if (!push_frame(ps, false))
        return;
    frame *f = &ps->frames[ps->depth - 1];
    skip_ws(ps);
    if (at_char(ps, '}')) {
        pop_frame(ps);
        return;
    }
    for (;;) {
        gp_json_key k;
        f->has_item = false;
        if (!at_char(ps, '"')) {
            unexpected(ps, "expected a key in double quotes", false);
            return;
        }
        if (!scan_string(ps, &k))
            return;
        f->has_item = true;
        f->key = k.raw;
        f->key_len = k.len;
        f->key_escaped = k.escaped;
        add_key(ps, f, &k);
        if (ps->stop)
            return;
        skip_ws(ps);
        if (!at_char(ps, ':')) {
            unexpected(ps, "expected ':' after the key", false);
            return;
        }
        ps->p++;
        skip_ws(ps);
        parse_value(ps);
        if (ps->stop)
            return;
        skip_ws(ps);
        if (at_char(ps, ',')) {
            mark comma = at(ps, ps->p);
            ps->p++;
            skip_ws(ps);
            if (at_char(ps, '}')) {
                ps->stop = true;
                report(ps, comma, "a comma before '}' is not allowed: remove the last ','");
                return;
            }
            continue;
        }
        if (at_char(ps, '}')) {
            pop_frame(ps);
            return;
        }
        unexpected(ps, "expected ',' or '}' after an object member", true);
        return;
    }
}

static void parse_array(parser *ps) {
    if (!push_frame(ps, true))
        return;
    frame *f = &ps->frames[ps->depth - 1];
    skip_ws(ps);
    if (at_char(ps, ']')) {
        pop_frame(ps);
        return;
    }
    for (;;) {
        f->has_item = true;
        parse_value(ps);
        if (ps->stop)
            return;
        skip_ws(ps);
        if (at_char(ps, ',')) {
            mark comma = at(ps, ps->p);
            ps->p++;
            skip_ws(ps);
            if (at_char(ps, ']')) {
                ps->stop = true;
                report(ps, comma, "a comma before ']' is not allowed: remove the last ','");
                return;
            }
            f->index++;
            continue;
        }
        if (at_char(ps, ']')) {
            pop_frame(ps);
            return;
        }
        unexpected(ps, "expected ',' or ']' after an array element", true);
        return;
    }
}

/*
** True when the number is finite as a double. The number is rewritten as
** digits and a decimal exponent ("15e399" for 1.5e400) so that strtod reads
** it the same in every locale: the text has no decimal point to misread.
*/
static bool number_finite(const uchar *start, const uchar *end, long exp10) {
    char buf[NUMBER_MAX_CHARS + 32];
    size_t n = 0;
    long frac = 0;
    bool in_frac = false;
    for (const uchar *p = start; p < end && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') {
            in_frac = true;
            continue;
        }
        buf[n++] = (char)*p;
        frac += in_frac;
    }
    snprintf(buf + n, sizeof buf - n, "e%ld", exp10 - frac);
    return isfinite(strtod(buf, NULL));
}

static void scan_number(parser *ps) {
    const uchar *start = ps->p, *p = start, *end = ps->end;
    long int_digits = 0, exp10 = 0;

    if (*p == '-') {
        p++;
        if (p < end && is_alpha(*p)) {
            ps->p = p;
            bad_word(ps, start);
            return;
        }
        if (p == end || !is_digit(*p)) {
            ps->p = p;
            unexpected(ps, "expected a digit after '-'", false);
            return;
        }
    }
    if (*p == '0') {
        p++;
        if (p < end && (is_digit(*p) || *p == 'x' || *p == 'X')) {
            bool hex = !is_digit(*p);
            ps->p = p;
            ps->stop = true;
            report(ps, at(ps, start),
                   hex ? "hexadecimal numbers are not JSON: write the number in decimal"
                       : "a number cannot start with 0 followed by more digits (write 7, not 07)");
            return;
        }
    } else {
        while (p < end && is_digit(*p)) {
            p++;
            int_digits++;
        }
    }
    if (p < end && *p == '.') {
        p++;
        if (p == end || !is_digit(*p)) {
            ps->p = p;
            unexpected(ps, "expected a digit after the decimal point", false);
            return;
        }
        while (p < end && is_digit(*p))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        int sign = 1;
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            sign = *p++ == '-' ? -1 : 1;
        if (p == end || !is_digit(*p)) {
            ps->p = p;
            unexpected(ps, "expected a digit in the exponent", false);
            return;
        }
        for (; p < end && is_digit(*p); p++)
            if (exp10 < EXPONENT_CLAMP)
                exp10 = exp10 * 10 + (*p - '0');
        exp10 *= sign;
    }
    ps->p = p;
    size_t len = (size_t)(p - start);
    if (len > NUMBER_MAX_CHARS) {
        report(ps, at(ps, start), "number %.20s... has %zu characters, more than the %d this program reads",
               (const char *)start, len, NUMBER_MAX_CHARS);
        return;
    }
    if (int_digits + exp10 > NUMBER_SAFE_EXPONENT && !number_finite(start, p, exp10))
        report(ps, at(ps, start), "number %.*s is too large for a double", (int)len, (const char *)start);
}

/* true, false or null at ps->p (whose first letter matched). */
static void scan_literal(parser *ps, const char *word, size_t n) {
    size_t avail = (size_t)(ps->end - ps->p);
    if (avail >= n && memcmp(ps->p, word, n) == 0) {
        ps->p += n;
        return;
    }
    if (avail < n && memcmp(ps->p, word, avail) == 0) {
        ps->p = ps->end;
        report_eof(ps);
        return;
    }
    bad_word(ps, ps->p);
}

static void parse_value(parser *ps) {
    if (ps->p >= ps->end) {
        report_eof(ps);
        return;
    }
    uchar c = *ps->p;
    switch (c) {
    case '{':
        parse_object(ps);
        return;
    case '[':
        parse_array(ps);
        return;
    case '"':
        scan_string(ps, NULL);
        return;
    case 't':
        scan_literal(ps, "true", 4);
        return;
    case 'f':
        scan_literal(ps, "false", 5);
        return;
    case 'n':
        scan_literal(ps, "null", 4);
        return;
    default:
        break;
    }
    if (c == '-' || is_digit(c)) {
        scan_number(ps);
    } else if (is_alpha(c)) {
        bad_word(ps, ps->p);
    } else if (c == '+') {
        ps->stop = true;
        report(ps, at(ps, ps->p), "a number cannot start with '+' (write 5, not +5)");
    } else if (c == '.') {
        ps->stop = true;
        report(ps, at(ps, ps->p), "a number cannot start with '.' (write 0.5, not .5)");
    } else {
        unexpected(ps, "expected a value", false);
    }
}

/* ---- the document ----------------------------------------------------------------------- */

/* "UTF-16" or "UTF-32" when the text is plainly one of them (a BOM, or NULs in the first bytes). */
static const char *wide_encoding(const uchar *d, size_t len) {
    if (len >= 4 && ((d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF) ||
                     (d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0)))
        return "UTF-32";
    if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)))
        return "UTF-16";
    if (len >= 4 && ((d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] != 0) ||
                     (d[0] != 0 && d[1] == 0 && d[2] == 0 && d[3] == 0)))
        return "UTF-32";
    if (len >= 2 && (d[0] == 0) != (d[1] == 0))
        return "UTF-16";
    return NULL;
}

static void parser_free(parser *ps) {
    gp_json_keys_free(&ps->keys);
    gp_json_buf_free(&ps->key);
    gp_json_buf_free(&ps->path);
    gp_json_buf_free(&ps->shown);
}

gp_error gp_json_parse_strict(const char *data, size_t len, const char *file, cJSON **out, gp_diag *diag) {
    parser ps;
    const uchar *text = (const uchar *)data;
    const char *parse_end = NULL;
    gp_error err = GP_ERR_INVALID;

    if (!out || !diag || (!data && len))
        return GP_ERR_ARGUMENT;
    *out = NULL;
    if (len > GP_JSON_MAX_BYTES) {
        gp_diag_add(diag, file, 0, 0, NULL, "the file is larger than %u MB, the most a plan may be",
                    GP_JSON_MAX_BYTES / (1024u * 1024u));
        return GP_ERR_INVALID;
    }
    const char *wide = text ? wide_encoding(text, len) : NULL;
    if (wide) {
        gp_diag_add(diag, file, 0, 0, NULL, "the file is %s text: save it as UTF-8", wide);
        return GP_ERR_INVALID;
    }
    if (len >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) {
        text += 3;
        len -= 3;
    }

    memset(&ps, 0, sizeof ps);
    ps.p = ps.line_start = text;
    ps.end = text + len;
    ps.file = file;
    ps.diag = diag;
    ps.line = 1;
    skip_ws(&ps);
    if (ps.p == ps.end) {
        gp_diag_add(diag, file, 0, 0, NULL, "the file is empty");
        goto fail;
    }
    parse_value(&ps);
    if (!ps.stop) {
        skip_ws(&ps);
        if (ps.p < ps.end)
            unexpected(&ps, "trailing data after the JSON document", false);
    }
    if (ps.nomem || ps.key.failed || ps.path.failed || ps.shown.failed) {
        gp_diag_add(diag, file, 0, 0, NULL, "out of memory while reading the file");
        err = GP_ERR_NOMEM;
        goto fail;
    }
    if (ps.problems)
        goto fail;

    /* The text is strict JSON now; cJSON only builds the tree, so a failure here is a failed allocation. */
    *out = cJSON_ParseWithLengthOpts((const char *)text, len, &parse_end, 0);
    if (!*out) {
        gp_diag_add(diag, file, 0, 0, NULL, "out of memory while building the JSON tree");
        err = GP_ERR_NOMEM;
        goto fail;
    }
    parser_free(&ps);
    return GP_OK;

fail:
    parser_free(&ps);
    return err;
}
