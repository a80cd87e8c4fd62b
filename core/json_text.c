/*
** core/json_text.c: byte-level helpers of the strict JSON reader
** (json_text.h). None of this runs on the hot path of a valid document
** except gp_json_utf8_len, which checks non-ASCII text in strings.
*/
#include "json_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A buffer's first allocation, in bytes; it doubles from there. */
#define BUF_FIRST_CAPACITY 64
/* Bytes of a stray word quoted after "found". */
#define WORD_SHOWN 24

static bool buf_reserve(gp_json_buf *b, size_t more) {
    if (b->len + more + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : BUF_FIRST_CAPACITY;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
        b->failed = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void gp_json_buf_put(gp_json_buf *b, const void *s, size_t n) {
    if (!buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void gp_json_buf_puts(gp_json_buf *b, const char *s) {
    gp_json_buf_put(b, s, strlen(s));
}

void gp_json_buf_clear(gp_json_buf *b) {
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

const char *gp_json_buf_text(const gp_json_buf *b) {
    return b->data ? b->data : "";
}

void gp_json_buf_free(gp_json_buf *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

static bool is_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t gp_json_utf8_len(const unsigned char *p, const unsigned char *end) {
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    size_t n;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80; /* below: overlong */
        hi = c == 0xED ? 0x9F : 0xBF; /* above: surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80; /* below: overlong */
        hi = c == 0xF4 ? 0x8F : 0xBF; /* above: past U+10FFFF */
    } else {
        return 0; /* a continuation byte, C0/C1 (overlong) or F5..FF */
    }
    if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

size_t gp_json_utf8_encode(uint32_t cp, unsigned char out[4]) {
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static int hex_digit(unsigned char c) {
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long gp_json_hex4(const unsigned char *p, const unsigned char *end) {
    long v = 0;
    if (end - p < 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(p[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

void gp_json_decode(const unsigned char *raw, size_t len, gp_json_buf *b) {
    static const char names[] = "\"\\/bfnrt", values[] = "\"\\/\b\f\n\r\t";
    const unsigned char *p = raw, *end = raw + len;
    gp_json_buf_clear(b);
    gp_json_buf_put(b, "", 0);
    while (p < end) {
        const unsigned char *run = p;
        while (p < end && *p != '\\')
            p++;
        gp_json_buf_put(b, run, (size_t)(p - run));
        if (p + 1 >= end)
            break;
        const char *simple = p[1] ? strchr(names, p[1]) : NULL;
        if (simple) {
            gp_json_buf_put(b, &values[simple - names], 1);
            p += 2;
            continue;
        }
        long cp = p[1] == 'u' ? gp_json_hex4(p + 2, end) : -1;
        if (cp < 0) {
            gp_json_buf_put(b, p, 1);
            p++;
            continue;
        }
        p += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
            long lo = gp_json_hex4(p + 2, end);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p += 6;
            }
        }
        unsigned char u[4];
        gp_json_buf_put(b, u, gp_json_utf8_encode((uint32_t)cp, u));
    }
}

void gp_json_key_text(gp_json_buf *b, const unsigned char *s, size_t n) {
    const unsigned char *p = s, *end = s + n;
    char esc[8];
    while (p < end) {
        if (p - s >= GP_JSON_KEY_SHOWN) {
            gp_json_buf_puts(b, "...");
            return;
        }
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            gp_json_buf_put(b, esc, 2);
            p++;
        } else if (c < 0x20 || c == 0x7F) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            gp_json_buf_puts(b, esc);
            p++;
        } else {
            size_t k = gp_json_utf8_len(p, end);
            if (k) {
                gp_json_buf_put(b, p, k);
                p += k;
            } else {
                gp_json_buf_puts(b, "\xEF\xBF\xBD");
                p++;
            }
        }
    }
}

bool gp_json_plain_key(const unsigned char *s, size_t n) {
    if (n == 0 || n > GP_JSON_KEY_SHOWN || !(is_alpha(s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(is_alpha(s[i]) || is_digit(s[i]) || s[i] == '_' || s[i] == '-'))
            return false;
    return true;
}

void gp_json_describe(const unsigned char *p, const unsigned char *end, char *out, size_t size) {
    if (p >= end) {
        snprintf(out, size, "the end of the file");
        return;
    }
    unsigned char c = *p;
    if (is_alpha(c)) {
        size_t n = 0;
        while (p + n < end && n < WORD_SHOWN && (is_alpha(p[n]) || is_digit(p[n]) || p[n] == '_'))
            n++;
        snprintf(out, size, "'%.*s'", (int)n, (const char *)p);
    } else if (c == '\'') {
        snprintf(out, size, "\"'\"");
    } else if (c >= 0x20 && c < 0x7F) {
        snprintf(out, size, "'%c'", c);
    } else if (c < 0x80) {
        snprintf(out, size, "a control character (0x%02x)", c);
    } else {
        size_t n = gp_json_utf8_len(p, end);
        if (n)
            snprintf(out, size, "'%.*s'", (int)n, (const char *)p);
        else
            snprintf(out, size, "the byte 0x%02x", c);
    }
}
