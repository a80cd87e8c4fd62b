/*
** core/text.c: nearest-name suggestions, UTF-8 well-formedness and ids
** (gapplan/text.h).
*/
#include "gapplan/text.h"

#include <string.h>

#include "gapplan/plan.h"

/*
** Names longer than this are not compared: a suggestion is for a typo in a
** field name or command, and a bound keeps the distance table on the stack.
*/
#define NEAREST_NAME_MAX 128

static unsigned char fold(unsigned char c) {
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/*
** Optimal string alignment distance between a (la bytes) and b (lb bytes),
** case-insensitive: insertions, deletions, substitutions and the swap of two
** neighbours each cost 1. Three rolling rows of the usual table are enough.
*/
static size_t osa_distance(const char *a, size_t la, const char *b, size_t lb) {
    size_t rows[3][NEAREST_NAME_MAX + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        unsigned char ca = fold((unsigned char)a[i - 1]);
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned char cb = fold((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == fold((unsigned char)b[j - 2]) &&
                fold((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

const char *gp_nearest_name(const char *word, const char *const *candidates, size_t count) {
    if (!word || !candidates)
        return NULL;
    size_t lw = strlen(word);
    if (lw > NEAREST_NAME_MAX)
        return NULL;
    size_t limit = lw / 3 > 1 ? lw / 3 : 1;
    const char *best = NULL;
    size_t best_dist = limit + 1;

    for (size_t i = 0; i < count; i++) {
        const char *c = candidates[i];
        if (!c)
            continue;
        size_t lc = strlen(c);
        if (lc > NEAREST_NAME_MAX)
            continue;
        /* The lengths alone bound the distance from below: skip hopeless candidates. */
        size_t gap = lc > lw ? lc - lw : lw - lc;
        if (gap >= best_dist)
            continue;
        size_t d = osa_distance(word, lw, c, lc);
        if (d < best_dist) { /* strictly less: ties go to the earlier candidate */
            best = c;
            best_dist = d;
        }
    }
    return best;
}

bool gp_utf8_valid(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s, *end = p + len;

    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        size_t n;           /* continuation bytes that follow */
        unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the first continuation byte */
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c == 0xE0) {
            n = 2;
            lo = 0xA0; /* below: overlong */
        } else if (c == 0xED) {
            n = 2;
            hi = 0x9F; /* above: surrogates U+D800..U+DFFF */
        } else if (c >= 0xE1 && c <= 0xEF) {
            n = 2;
        } else if (c == 0xF0) {
            n = 3;
            lo = 0x90; /* below: overlong */
        } else if (c >= 0xF1 && c <= 0xF3) {
            n = 3;
        } else if (c == 0xF4) {
            n = 3;
            hi = 0x8F; /* above: beyond U+10FFFF */
        } else {
            return false; /* a stray continuation byte, C0/C1 (overlong) or F5..FF */
        }
        if ((size_t)(end - p) <= n)
            return false; /* truncated */
        if (p[1] < lo || p[1] > hi)
            return false;
        for (size_t k = 2; k <= n; k++)
            if ((p[k] & 0xC0) != 0x80)
                return false;
        p += n + 1;
    }
    return true;
}

bool gp_id_valid(const char *s) {
    if (!s || !*s)
        return false;
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (n >= GP_ID_MAX)
            return false;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}
