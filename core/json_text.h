/*
** core/json_text.h (private): the byte-level helpers of the strict JSON
** reader (json_strict.c): UTF-8 sequences, JSON string escapes decoded and
** written back for messages, and a growable text buffer.
**
** Ownership: a gp_json_buf owns its data; gp_json_buf_free() releases it.
** Nothing else here allocates.
*/
#ifndef GP_JSON_TEXT_H
#define GP_JSON_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes of a key shown in a path or a message before it is cut with "...". */
#define GP_JSON_KEY_SHOWN 64

/*
** A growable NUL-terminated text. An allocation failure sets `failed` and
** drops the text being added; the caller checks `failed` once at the end.
*/
typedef struct gp_json_buf {
    char *data;
    size_t len, cap;
    bool failed;
} gp_json_buf;

void gp_json_buf_put(gp_json_buf *b, const void *s, size_t n);
void gp_json_buf_puts(gp_json_buf *b, const char *s);
/** Empty the text, keeping the memory. */
void gp_json_buf_clear(gp_json_buf *b);
/** The text, "" when nothing could be stored; never NULL. */
const char *gp_json_buf_text(const gp_json_buf *b);
void gp_json_buf_free(gp_json_buf *b);

/** Length of the well-formed UTF-8 sequence at p (1..4), or 0 when the bytes there are not one. */
size_t gp_json_utf8_len(const unsigned char *p, const unsigned char *end);
/** Write code point cp (<= U+10FFFF) as UTF-8; returns the byte count. */
size_t gp_json_utf8_encode(uint32_t cp, unsigned char out[4]);
/** The value of the four hex digits at p, or -1 when there are not four before end. */
long gp_json_hex4(const unsigned char *p, const unsigned char *end);

/*
** Decode a JSON string's raw text (between its quotes) into b, replacing what
** b held: escapes become the bytes they stand for. Malformed escapes (already
** reported by the reader) are kept as written.
*/
void gp_json_decode(const unsigned char *raw, size_t len, gp_json_buf *b);

/*
** Append decoded string bytes to b as they are written inside JSON quotes,
** cut after GP_JSON_KEY_SHOWN bytes with "..."; bytes that are not UTF-8
** become U+FFFD, so a message is always valid UTF-8.
*/
void gp_json_key_text(gp_json_buf *b, const unsigned char *s, size_t n);

/** True when a key can be written `.key` in a path: [A-Za-z_][A-Za-z0-9_-]*, at most GP_JSON_KEY_SHOWN bytes. */
bool gp_json_plain_key(const unsigned char *s, size_t n);

/** "the end of the file", 'x', 'word', a control character or a byte, for "found ..." in a message. */
void gp_json_describe(const unsigned char *p, const unsigned char *end, char *out, size_t size);

#endif
