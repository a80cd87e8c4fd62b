/*
** core/report.h (private): where a problem in a plan is, and how it is told.
**
** The loader walks a JSON tree of up to ~40 MB and must name the exact place
** of every problem ("units[0].groups[2].leaver_rate[\"2023/24\"]"), yet a valid
** plan has no problems at all. So the place is kept as a small stack of
** segments (keys, indices, schedule labels) pushed and popped as the walk goes,
** pointing at strings that live as long as the walk, and turned into text only
** when a problem is reported.
**
** Path syntax: keys as `.key` (`["..."]` with JSON escapes when the key is not
** [A-Za-z0-9_-]+), array indices as `[3]`, schedule labels always quoted:
** `leaver_rate["2023/24"]`, `leaver_rate["2023-04"]`.
**
** Ownership: a gp_reporter borrows its diag and file name; the segments borrow
** their strings. Nothing here allocates except gp_diag_add.
*/
#ifndef GP_REPORT_H
#define GP_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "gapplan/error.h"

/* Segments kept; a plan nests 6 levels and a schedule label adds one. Deeper pushes are counted, not shown. */
#define GP_PATH_MAX_DEPTH 16
/* Bytes of a formatted path, NUL included; longer paths are cut. */
#define GP_PATH_TEXT_MAX 640
/* Bytes of one odd key shown in a path or a message before it is cut with "...". */
#define GP_PATH_KEY_SHOWN 64
/* Room for gp_key_text's output: every byte shown may become a 6-byte escape, then "..." and the NUL. */
#define GP_KEY_TEXT_SIZE (GP_PATH_KEY_SHOWN * 6 + 16)

typedef enum gp_seg_kind { GP_SEG_KEY, GP_SEG_INDEX, GP_SEG_LABEL } gp_seg_kind;

typedef struct gp_seg {
    gp_seg_kind kind;
    const char *key; /* GP_SEG_KEY, GP_SEG_LABEL */
    size_t index;    /* GP_SEG_INDEX */
} gp_seg;

typedef struct gp_path {
    gp_seg seg[GP_PATH_MAX_DEPTH];
    int depth;
} gp_path;

typedef struct gp_reporter {
    gp_diag *diag;
    const char *file; /* file name in every message */
    gp_path path;     /* where the walk is now */
    size_t problems;  /* reported so far */
    bool nomem;       /* an allocation failed somewhere: the result cannot be trusted */
} gp_reporter;

void gp_reporter_init(gp_reporter *r, gp_diag *diag, const char *file);

static inline void gp_path_push(gp_path *p, gp_seg_kind kind, const char *key, size_t index) {
    if (p->depth < GP_PATH_MAX_DEPTH)
        p->seg[p->depth] = (gp_seg){kind, key, index};
    p->depth++;
}
static inline void gp_push_key(gp_reporter *r, const char *key) { gp_path_push(&r->path, GP_SEG_KEY, key, 0); }
static inline void gp_push_index(gp_reporter *r, size_t i) { gp_path_push(&r->path, GP_SEG_INDEX, NULL, i); }
static inline void gp_push_label(gp_reporter *r, const char *label) {
    gp_path_push(&r->path, GP_SEG_LABEL, label, 0);
}
static inline void gp_pop(gp_reporter *r) { r->path.depth--; }

/** Write the path as text (empty at the top level); returns the length written. */
size_t gp_path_format(const gp_path *p, char *buf, size_t size);

/** Report a problem at the current path (none at the top level). */
void gp_report(gp_reporter *r, const char *fmt, ...) GP_PRINTF(2, 3);

/** "a string", "a number", "a boolean", "null", "an array", "an object". */
const char *gp_json_type_name(const cJSON *item);

/* Room for any text gp_number_text writes. */
#define GP_NUMBER_TEXT_SIZE 32

/*
** Write a number for a message: the shortest text that reads back as `x`
** ("1.7", "-0.02", "358952"), or "nan", "inf", "-inf".
*/
void gp_number_text(double x, char *buf, size_t size);

/*
** Write `x`, a value outside [min, max], for a message: with 15 significant
** digits, so arithmetic noise does not show (0.08 - 0.1 is "-0.02", not
** "-0.020000000000000004"), unless those digits would read as a value inside
** the range (1 + 2e-16 is not "1"): then all the digits it needs.
*/
void gp_number_text_outside(double x, double min, double max, char *buf, size_t size);

/*
** True when `x` is finite and within [min, max] (either bound may be infinite).
** Otherwise report "must be within [0, 1], got 1.7", "must be >= 0, got -3" or
** "must be a finite number, got inf" at the current path and return false.
*/
bool gp_check_range(gp_reporter *r, double x, double min, double max);

/*
** Write `s` for a message into `buf` (GP_KEY_TEXT_SIZE bytes shows it all),
** cut to GP_PATH_KEY_SHOWN bytes (at a character boundary, with "...") and
** with control characters, quotes and backslashes escaped as JSON does, so
** any key can be shown safely.
*/
void gp_key_text(const char *s, char *buf, size_t size);

#endif
