/*
** core/error.c: error codes as text, and the diagnostics list that carries
** every user-facing problem (gapplan/error.h).
**
** A diag is an append-only array of items. It keeps the first
** GP_DIAG_MAX_ITEMS problems and only counts the rest: a plan with a million
** bad values must not need a million messages in memory, but the user must
** still learn that more problems exist.
*/
#include "gapplan/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The item array starts at this many slots and doubles as it fills. */
#define DIAG_FIRST_CAPACITY 8

const char *gp_strerror(gp_error err) {
    switch (err) {
    case GP_OK:
        return "success";
    case GP_ERR_NOMEM:
        return "out of memory";
    case GP_ERR_IO:
        return "a file could not be read or written";
    case GP_ERR_INVALID:
        return "the input is invalid";
    case GP_ERR_NONFINITE:
        return "a result is not a finite number";
    case GP_ERR_PLUGIN:
        return "a plugin failed";
    case GP_ERR_ARGUMENT:
        return "invalid argument (a programming error)";
    }
    return "unknown error";
}

void gp_diag_init(gp_diag *d) {
    memset(d, 0, sizeof *d);
}

static void item_free(gp_diag_item *item) {
    free(item->file);
    free(item->path);
    free(item->message);
}

void gp_diag_clear(gp_diag *d) {
    for (size_t i = 0; i < d->count; i++)
        item_free(&d->items[i]);
    d->count = 0;
    d->dropped = 0;
}

void gp_diag_free(gp_diag *d) {
    if (!d)
        return;
    gp_diag_clear(d);
    free(d->items);
    gp_diag_init(d);
}

/* A copy of s, or NULL for NULL; *failed is set when the copy could not be made. */
static char *dup_or_null(const char *s, int *failed) {
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        *failed = 1;
        return NULL;
    }
    memcpy(p, s, n);
    return p;
}

/* The message text, formatted into a new string (NULL when memory ran out). */
static char *format_message(const char *fmt, va_list ap) GP_PRINTF(1, 0);
static char *format_message(const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        n = 0;
    char *msg = malloc((size_t)n + 1);
    if (!msg)
        return NULL;
    if (n > 0)
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
    else
        msg[0] = '\0';
    return msg;
}

/* Make room for one more item; the diag is unchanged on failure. */
static gp_error reserve_one(gp_diag *d) {
    if (d->count < d->capacity)
        return GP_OK;
    size_t cap = d->capacity ? d->capacity * 2 : DIAG_FIRST_CAPACITY;
    if (cap > GP_DIAG_MAX_ITEMS)
        cap = GP_DIAG_MAX_ITEMS;
    gp_diag_item *items = realloc(d->items, cap * sizeof *items);
    if (!items)
        return GP_ERR_NOMEM;
    d->items = items;
    d->capacity = cap;
    return GP_OK;
}

gp_error gp_diag_addv(gp_diag *d, const char *file, int line, int column, const char *path,
                      const char *fmt, va_list ap) {
    gp_diag_item item = {NULL, line, column, NULL, NULL};
    int failed = 0;

    if (d->count >= GP_DIAG_MAX_ITEMS) {
        d->dropped++;
        return GP_OK;
    }
    if (reserve_one(d) != GP_OK)
        goto fail;
    item.file = dup_or_null(file, &failed);
    item.path = dup_or_null(path, &failed);
    item.message = format_message(fmt, ap);
    if (failed || !item.message)
        goto fail;
    d->items[d->count++] = item;
    return GP_OK;

fail:
    /* The problem is lost but still counted, so the user hears that more exist. */
    item_free(&item);
    d->dropped++;
    return GP_ERR_NOMEM;
}

gp_error gp_diag_add(gp_diag *d, const char *file, int line, int column, const char *path,
                     const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    gp_error err = gp_diag_addv(d, file, line, column, path, fmt, ap);
    va_end(ap);
    return err;
}

/*
** Appends to a caller's buffer like snprintf, but keeps counting what it would
** have written once the buffer is full, so gp_diag_format can return the
** length it wanted.
*/
typedef struct text_sink {
    char *buf;
    size_t size, len;
} text_sink;

static void sink_put(text_sink *s, const char *text) {
    size_t n = strlen(text);
    if (s->size > 0 && s->len < s->size - 1) {
        size_t room = s->size - 1 - s->len;
        memcpy(s->buf + s->len, text, n < room ? n : room);
    }
    s->len += n;
}

size_t gp_diag_format(const gp_diag_item *item, char *buf, size_t size) {
    text_sink s = {buf, size, 0};
    char num[32];

    if (item->file && item->file[0]) {
        sink_put(&s, item->file);
        if (item->line > 0) {
            snprintf(num, sizeof num, ":%d", item->line);
            sink_put(&s, num);
            if (item->column > 0) {
                snprintf(num, sizeof num, ":%d", item->column);
                sink_put(&s, num);
            }
        }
        sink_put(&s, ": ");
    } else if (item->line > 0) {
        snprintf(num, sizeof num, "%d", item->line);
        sink_put(&s, num);
        if (item->column > 0) {
            snprintf(num, sizeof num, ":%d", item->column);
            sink_put(&s, num);
        }
        sink_put(&s, ": ");
    }
    if (item->path && item->path[0]) {
        sink_put(&s, item->path);
        sink_put(&s, ": ");
    }
    sink_put(&s, item->message ? item->message : "");
    if (size > 0)
        buf[s.len < size ? s.len : size - 1] = '\0';
    return s.len;
}

void gp_diag_print(const gp_diag *d, FILE *out, const char *prefix) {
    const char *pre = prefix ? prefix : "";
    for (size_t i = 0; i < d->count; i++) {
        char small[512];
        size_t n = gp_diag_format(&d->items[i], small, sizeof small);
        if (n < sizeof small) {
            fprintf(out, "%s%s\n", pre, small);
            continue;
        }
        /* A long message (a path through many keys): format it on the heap, or cut it. */
        char *big = malloc(n + 1);
        if (big)
            gp_diag_format(&d->items[i], big, n + 1);
        fprintf(out, "%s%s\n", pre, big ? big : small);
        free(big);
    }
    if (d->dropped > 0)
        fprintf(out, "%s... and %zu more problem%s\n", pre, d->dropped, d->dropped == 1 ? "" : "s");
}
