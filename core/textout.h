/*
** core/textout.h (private): fast text output for the result writers.
**
** The JSON and CSV writers emit millions of numbers for a large plan (1,000
** units x 9 groups x 21 series x 120 months is 23 million), so two things
** matter: numbers are formatted without printf (glibc's "%.17g" costs about
** 400 ns, the exact shortest form below about a tenth of that), and text is
** gathered in a large buffer handed to fwrite in big pieces instead of one
** stdio call per token.
**
** Ownership: a gp_textout borrows the FILE it writes to; it owns nothing, so
** it needs no free (the caller allocates it, usually on the heap, as it is
** GP_TEXTOUT_SIZE bytes).
*/
#ifndef GP_TEXTOUT_H
#define GP_TEXTOUT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gapplan/error.h"
#include "gapplan/text.h"

/* Bytes gathered before one fwrite. */
#define GP_TEXTOUT_SIZE (64u * 1024u)
/* gp_format_double and GP_NUMBER_SIZE are declared in gapplan/text.h: the plugins format numbers too. */

typedef struct gp_textout {
    FILE *out;
    int err;     /* errno of the first failed write, 0 while all is well */
    size_t len;  /* bytes waiting in buf */
    char buf[GP_TEXTOUT_SIZE];
} gp_textout;

void gp_textout_init(gp_textout *t, FILE *out);
/** Hand the buffered bytes to the stream. */
void gp_textout_flush(gp_textout *t);
/*
** Flush and check the stream. Returns GP_OK, or GP_ERR_IO with errno set to
** the cause of the first failed write (the caller names the file).
*/
gp_error gp_textout_finish(gp_textout *t);

/** The slow path of gp_textout_write: flush first, and write very long text directly. */
void gp_textout_write_long(gp_textout *t, const char *s, size_t n);

static inline void gp_textout_write(gp_textout *t, const char *s, size_t n) {
    if (n > GP_TEXTOUT_SIZE || n > GP_TEXTOUT_SIZE - t->len) { /* the first test tells the compiler n fits */
        gp_textout_write_long(t, s, n);
        return;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
}

static inline void gp_textout_puts(gp_textout *t, const char *s) { gp_textout_write(t, s, strlen(s)); }

static inline void gp_textout_char(gp_textout *t, char c) {
    if (t->len == GP_TEXTOUT_SIZE)
        gp_textout_flush(t);
    t->buf[t->len++] = c;
}

/** Write a number as gp_format_double does; false (nothing written) when it is not finite. */
static inline bool gp_textout_double(gp_textout *t, double x) {
    char num[GP_NUMBER_SIZE];
    size_t n = gp_format_double(x, num);
    gp_textout_write(t, num, n);
    return n > 0;
}

#endif
