/*
** gapplan/text.h: small text helpers shared by the loader, the command and the
** plugins: nearest-name suggestions, UTF-8 checks and numbers as text.
*/
#ifndef GAPPLAN_TEXT_H
#define GAPPLAN_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
** The candidate closest to `word` by edit distance (insertions, deletions,
** substitutions and swaps of neighbours), or NULL when none is close enough to
** be a likely typo (distance at most max(1, strlen(word) / 3)). Comparison is
** case-insensitive, so "Leaver_rate" suggests "leaver_rate".
*/
const char *gp_nearest_name(const char *word, const char *const *candidates, size_t count);

/** True when the `len` bytes are well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool gp_utf8_valid(const char *s, size_t len);

/** True when `s` is a valid id: 1..GP_ID_MAX bytes of [a-z0-9_-]. */
bool gp_id_valid(const char *s);

/* Room for any number gp_format_double writes: sign, 17 digits, point, exponent, NUL. */
#define GP_NUMBER_SIZE 32

/*
** Write the shortest decimal text that reads back as exactly `x` (strtod
** gives the same double) into `buf`, NUL-terminated, and return its length.
** Integers are written without a point ("12"), -0 as "0", very small or large
** magnitudes with an exponent ("1.5e-07", "1e+20"). The text is valid JSON. Returns 0
** (and writes "") when x is NaN or infinite, which JSON cannot express.
*/
size_t gp_format_double(double x, char buf[GP_NUMBER_SIZE]);

#endif
