/*
** gapplan/error.h: the error codes every gapplan function returns, and the
** diagnostics list that carries user-facing messages (file, place, text).
**
** Ownership: a gp_diag is owned by the caller, who initialises it with
** gp_diag_init() and releases it with gp_diag_free(). Functions that take a
** gp_diag * append to it; they never free it. The strings inside are owned by
** the diag.
*/
#ifndef GAPPLAN_ERROR_H
#define GAPPLAN_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum gp_error {
    /** Success. */
    GP_OK = 0,
    /** Out of memory. */
    GP_ERR_NOMEM,
    /** A file could not be read or written (details in the diag). */
    GP_ERR_IO,
    /** The plan data is invalid: syntax, types, ranges (details in the diag). */
    GP_ERR_INVALID,
    /** A result became NaN or infinite (the diag names series, unit, group, month). */
    GP_ERR_NONFINITE,
    /** A plugin failed or broke the sandbox (details in the diag). */
    GP_ERR_PLUGIN,
    /** A caller passed arguments the function cannot use (a programming error). */
    GP_ERR_ARGUMENT,
} gp_error;

/** A static English description of an error code; never NULL. */
const char *gp_strerror(gp_error err);

/*
** One problem found in an input. `file` is the file as the user named it;
** `line` and `column` (1-based, 0 when unknown) locate syntax errors; `path` is
** the JSON path of the value at fault ("units[0].groups[2].leaver_rate"), or
** NULL. The message is a complete sentence fragment without the location.
*/
typedef struct gp_diag_item {
    char *file;
    int line, column;
    char *path;
    char *message;
} gp_diag_item;

/* Every problem is kept, in the order found; there is no cap below this. */
#define GP_DIAG_MAX_ITEMS 1000

typedef struct gp_diag {
    gp_diag_item *items;
    size_t count, capacity;
    size_t dropped; /* problems past GP_DIAG_MAX_ITEMS, counted but not kept */
} gp_diag;

void gp_diag_init(gp_diag *d);
void gp_diag_free(gp_diag *d);
/** Drop every item, keeping the diag usable. */
void gp_diag_clear(gp_diag *d);

/*
** Append a problem. `file` and `path` may be NULL; the strings are copied.
** Returns GP_OK or GP_ERR_NOMEM (in which case the item is lost).
*/
#if defined(__GNUC__)
#define GP_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define GP_PRINTF(fmt, args)
#endif
gp_error gp_diag_add(gp_diag *d, const char *file, int line, int column, const char *path,
                     const char *fmt, ...) GP_PRINTF(6, 7);
gp_error gp_diag_addv(gp_diag *d, const char *file, int line, int column, const char *path,
                      const char *fmt, va_list ap) GP_PRINTF(6, 0);

/*
** Format one item as the user sees it:
**   "plan.json: units[0].groups[2].leaver_rate: must be within [0, 1], got 1.7"
**   "plan.json:3:14: expected ',' or '}' after an object member"
** Writes at most `size` bytes (NUL included) and returns the length it wanted.
*/
size_t gp_diag_format(const gp_diag_item *item, char *buf, size_t size);

/** Print every item, one a line, prefixed by `prefix` ("gapplan: error: ") when not NULL. */
void gp_diag_print(const gp_diag *d, FILE *out, const char *prefix);

#endif
