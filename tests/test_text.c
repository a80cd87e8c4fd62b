/*
** tests/test_text.c: nearest-name suggestions, UTF-8 checks and ids
** (core/text.c).
*/
#include <criterion/criterion.h>
#include <string.h>

#include "gapplan/plan.h"
#include "gapplan/text.h"

static const char *const fields[] = {
    "establishment", "establishment_growth", "staff_in_post", "leaver_rate", "fill_rate",
    "newly_qualified", "intake_month",       "international", "absence_rate", "cost_per_fte",
};
#define NFIELDS (sizeof fields / sizeof fields[0])

static const char *nearest(const char *word) {
    return gp_nearest_name(word, fields, NFIELDS);
}

Test(nearest_name, typos_find_the_field) {
    cr_expect_str_eq(nearest("leaver_rat"), "leaver_rate");   /* a deletion */
    cr_expect_str_eq(nearest("Leaver_rate"), "leaver_rate");  /* case only: distance 0 */
    cr_expect_str_eq(nearest("LEAVER_RATE"), "leaver_rate");
    cr_expect_str_eq(nearest("levaer_rate"), "leaver_rate");  /* a swap of neighbours costs 1 */
    cr_expect_str_eq(nearest("leaver_rates"), "leaver_rate"); /* an insertion */
    cr_expect_str_eq(nearest("absense_rate"), "absence_rate"); /* a substitution */
    cr_expect_str_eq(nearest("intake_moth"), "intake_month");
    cr_expect_str_eq(nearest("staff_in_posts"), "staff_in_post");
    cr_expect_str_eq(nearest("fill_rate"), "fill_rate"); /* an exact name is its own nearest */
}

Test(nearest_name, nothing_close_gives_null) {
    cr_expect_null(nearest("xyz"));
    cr_expect_null(nearest("budget"));
    cr_expect_null(nearest("rate"));
    cr_expect_null(gp_nearest_name("leaver_rate", fields, 0));
    cr_expect_null(gp_nearest_name(NULL, fields, NFIELDS));
    cr_expect_null(gp_nearest_name("a", NULL, 3));
}

Test(nearest_name, threshold_is_a_third_of_the_length) {
    static const char *const c[] = {"abcxyz", "abcdxy"};
    /* "abcdef": 6 bytes, at most 2 edits: "abcxyz" is 3 away, "abcdxy" 2. */
    cr_expect_str_eq(gp_nearest_name("abcdef", c, 2), "abcdxy");
    cr_expect_null(gp_nearest_name("abcdef", c, 1));
    /* Short words still allow one edit. */
    static const char *const one[] = {"b"};
    cr_expect_str_eq(gp_nearest_name("a", one, 1), "b");
    static const char *const two[] = {"run", "init"};
    cr_expect_str_eq(gp_nearest_name("rum", two, 2), "run");
    cr_expect_null(gp_nearest_name("xyz", two, 2));
    /*
    ** Optimal string alignment: a swapped pair cannot be edited again, so
    ** "ca" -> "abc" is 3 edits (it would be 2 with unrestricted swaps).
    ** "xxxxca" allows 2 edits, so "xxxxabc" is out of reach.
    */
    static const char *const osa[] = {"xxxxabc"};
    cr_expect_null(gp_nearest_name("xxxxca", osa, 1));
    static const char *const osa2[] = {"xxxxac"};
    cr_expect_str_eq(gp_nearest_name("xxxxca", osa2, 1), "xxxxac");
}

Test(nearest_name, ties_go_to_the_first_candidate) {
    static const char *const c[] = {"abc", "abd", "abx"};
    cr_expect_eq(gp_nearest_name("abz", c, 3), c[0]);
    static const char *const d[] = {"abd", "abc"};
    cr_expect_eq(gp_nearest_name("abz", d, 2), d[0]);
    /* A closer later candidate wins over an earlier one. */
    static const char *const e[] = {"abcdex", "abcdef"};
    cr_expect_eq(gp_nearest_name("abcdef", e, 2), e[1]);
}

Test(nearest_name, skips_null_and_very_long_candidates) {
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    const char *c[] = {NULL, longname, "fill_rate"};
    cr_expect_str_eq(gp_nearest_name("fil_rate", c, 3), "fill_rate");
    cr_expect_null(gp_nearest_name(longname, c, 3));
}

static bool valid(const char *s, size_t n) {
    return gp_utf8_valid(s, n);
}
#define V(lit) valid(lit, sizeof(lit) - 1)

Test(utf8, well_formed) {
    cr_expect(valid("", 0));
    cr_expect(V("plain ascii"));
    cr_expect(V("caf\xC3\xA9"));                    /* U+00E9 */
    cr_expect(V("\xE2\x82\xAC"));                   /* U+20AC */
    cr_expect(V("\xF0\x9D\x84\x9E"));               /* U+1D11E */
    cr_expect(V("\xF4\x8F\xBF\xBF"));               /* U+10FFFF, the last code point */
    cr_expect(V("\xED\x9F\xBF"));                   /* U+D7FF, just below the surrogates */
    cr_expect(V("\xEE\x80\x80"));                   /* U+E000, just above */
    cr_expect(V("\xC2\x80"));                       /* U+0080, the first two-byte form */
    cr_expect(V("\xE0\xA0\x80"));                   /* U+0800 */
    cr_expect(V("\xF0\x90\x80\x80"));               /* U+10000 */
    cr_expect(V("a\0b"));                           /* NUL is a character; length decides */
}

Test(utf8, ill_formed) {
    cr_expect_not(V("\xC0\x80"));         /* overlong NUL */
    cr_expect_not(V("\xC1\xBF"));         /* overlong */
    cr_expect_not(V("\xE0\x80\x80"));     /* overlong three-byte */
    cr_expect_not(V("\xE0\x9F\xBF"));     /* overlong U+07FF */
    cr_expect_not(V("\xF0\x8F\xBF\xBF")); /* overlong U+FFFF */
    cr_expect_not(V("\xED\xA0\x80"));     /* U+D800 */
    cr_expect_not(V("\xED\xBF\xBF"));     /* U+DFFF */
    cr_expect_not(V("\xF4\x90\x80\x80")); /* U+110000 */
    cr_expect_not(V("\xF5\x80\x80\x80"));
    cr_expect_not(V("\xFF"));
    cr_expect_not(V("\xFE"));
    cr_expect_not(V("\x80"));             /* a lone continuation byte */
    cr_expect_not(V("a\xBF" "b"));
    cr_expect_not(V("\xC3"));             /* truncated */
    cr_expect_not(V("\xE2\x82"));
    cr_expect_not(V("\xF0\x9D\x84"));
    cr_expect_not(V("abc\xE2"));
    cr_expect_not(V("\xC3\x41"));         /* a lead byte then ASCII */
    cr_expect_not(V("\xE2\x28\xA1"));
    cr_expect_not(V("\xE2\x82\x28"));
    cr_expect_not(V("\xF0\x9D\x84\x28"));
    /* The length bounds the check: a valid prefix is valid, a cut character is not. */
    cr_expect(valid("caf\xC3\xA9", 3));
    cr_expect_not(valid("caf\xC3\xA9", 4));
}

Test(id, valid_and_invalid) {
    cr_expect(gp_id_valid("north"));
    cr_expect(gp_id_valid("a"));
    cr_expect(gp_id_valid("nurses-band_5"));
    cr_expect(gp_id_valid("0"));
    char id[GP_ID_MAX + 2];
    memset(id, 'a', GP_ID_MAX);
    id[GP_ID_MAX] = '\0';
    cr_expect(gp_id_valid(id), "GP_ID_MAX bytes are allowed");
    id[GP_ID_MAX] = 'a';
    id[GP_ID_MAX + 1] = '\0';
    cr_expect_not(gp_id_valid(id), "one more is not");
    static const char *const bad[] = {"", "North", "a b", "caf\xC3\xA9", "a.b", "a/b", "a\tb", " a", "A"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_not(gp_id_valid(bad[i]), "\"%s\"", bad[i]);
    cr_expect_not(gp_id_valid(NULL));
}
