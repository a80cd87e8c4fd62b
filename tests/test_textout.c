/*
** tests/test_textout.c: the writers' number text (core/textout.c): exact
** strings for chosen values, and on two million others that the text reads
** back as the same double and has no more significant digits than the
** fewest of printf's %.15g, %.16g and %.17g that do.
*/
#include <criterion/criterion.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textout.h"

static void expect_text(double x, const char *want) {
    char buf[GP_NUMBER_SIZE];
    size_t n = gp_format_double(x, buf);
    cr_expect_str_eq(buf, want, "%a: got %s, want %s", x, buf, want);
    cr_expect_eq(n, strlen(want));
}

Test(textout, whole_numbers_and_zero) {
    expect_text(0.0, "0");
    expect_text(-0.0, "0");
    expect_text(1, "1");
    expect_text(-12, "-12");
    expect_text(358952, "358952");
    expect_text(152.6e9, "152600000000");
    expect_text(9007199254740992.0, "9007199254740992");
    expect_text(1e16, "10000000000000000");
    expect_text(1e20, "1e+20"); /* beyond the fast path: printf's form */
}

Test(textout, shortest_fractions) {
    expect_text(0.1, "0.1");
    expect_text(1.5, "1.5");
    expect_text(0.05, "0.05");
    expect_text(0.1 + 0.2, "0.30000000000000004");
    expect_text(1.0 / 3, "0.3333333333333333");
    expect_text(152.6e9 / 12, "12716666666.666666");
    expect_text(358952 * 0.1 / 12, "2991.266666666667");
    expect_text(123456.789, "123456.789");
    expect_text(-2.5e-3, "-0.0025");
    expect_text(1e-6, "0.000001");
    expect_text(1.234e-6, "0.000001234");
}

Test(textout, exponent_form_outside_plain_range) {
    expect_text(1e-7, "1e-07");
    expect_text(1.5e-7, "1.5e-07");
    expect_text(1e21, "1e+21");
    expect_text(-2.5e22, "-2.5e+22");
    /* Outside the fast path: printf's digits. */
    expect_text(1e-300, "1e-300");
    expect_text(DBL_MAX, "1.7976931348623157e+308");
}

Test(textout, non_finite_gives_nothing) {
    char buf[GP_NUMBER_SIZE] = "junk";
    cr_expect_eq(gp_format_double(NAN, buf), 0u);
    cr_expect_str_eq(buf, "");
    cr_expect_eq(gp_format_double(INFINITY, buf), 0u);
    cr_expect_eq(gp_format_double(-INFINITY, buf), 0u);
}

static size_t significant_digits(const char *s) {
    char d[40];
    size_t n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && (n || *s != '0'))
            d[n++] = *s;
    while (n && d[n - 1] == '0')
        n--;
    return n;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

Test(textout, round_trips_and_is_shortest, .timeout = 120) {
    char mine[GP_NUMBER_SIZE], ref[GP_NUMBER_SIZE];
    long failures = 0;
    /* Two million values in the plain and sanitizer passes; under valgrind (about 60 times slower, and near the
       timeout on a busy machine) a tenth of them, as memory errors show on any value. */
    const long count = getenv("GP_UNDER_VALGRIND") ? 200000 : 2000000;
    for (long i = 0; i < count && failures < 5; i++) {
        double x;
        switch (i % 4) {
        case 0: { /* any bit pattern */
            uint64_t bits = next();
            memcpy(&x, &bits, sizeof x);
            if (!isfinite(x))
                continue;
            break;
        }
        case 1: /* short decimals, as in plan files */
            x = (double)(next() % 100000000) / pow(10, (int)(next() % 20));
            break;
        case 2: /* every binade of the fast path and around it */
            x = ldexp((double)(next() >> 11), (int)(next() % 140) - 120);
            break;
        default: /* money-like results of arithmetic */
            x = (double)(next() % 1000000) * 1e9 / 12 + (double)(next() % 1000) / 7;
            break;
        }
        gp_format_double(x, mine);
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(ref, sizeof ref, "%.*g", prec, x);
            if (strtod(ref, NULL) == x)
                break;
        }
        if (strtod(mine, NULL) != x || significant_digits(mine) > significant_digits(ref)) {
            cr_log_error("%a: wrote %s, printf's shortest is %s", x, mine, ref);
            failures++;
        }
    }
    cr_expect_eq(failures, 0);
}

/* Powers of two, where the gap below is half the gap above, and their neighbours. */
Test(textout, powers_of_two_and_neighbours) {
    char mine[GP_NUMBER_SIZE], ref[GP_NUMBER_SIZE];
    for (int k = -60; k <= 70; k++) {
        double p2 = ldexp(1, k);
        double xs[3] = {nextafter(p2, 0), p2, nextafter(p2, INFINITY)};
        for (int i = 0; i < 3; i++) {
            gp_format_double(xs[i], mine);
            for (int prec = 15; prec <= 17; prec++) {
                snprintf(ref, sizeof ref, "%.*g", prec, xs[i]);
                if (strtod(ref, NULL) == xs[i])
                    break;
            }
            cr_expect_eq(strtod(mine, NULL), xs[i], "2^%d (%d): %s", k, i - 1, mine);
            cr_expect_leq(significant_digits(mine), significant_digits(ref), "%s against %s", mine, ref);
        }
    }
    expect_text(ldexp(1, 20), "1048576");
    expect_text(ldexp(1, -10), "0.0009765625");
}

/* The buffer: output larger than the buffer arrives whole and in order. */
Test(textout, buffer_passes_everything_through) {
    char *data = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&data, &size);
    gp_textout *t = malloc(sizeof *t);
    gp_textout_init(t, f);
    size_t expected = 0;
    for (int i = 0; i < 30000; i++) {
        gp_textout_puts(t, "abc,");
        gp_textout_double(t, i * 0.5);
        gp_textout_char(t, '\n');
        char tmp[64];
        expected += (size_t)snprintf(tmp, sizeof tmp, "abc,%g\n", i * 0.5);
    }
    char big[GP_TEXTOUT_SIZE + 100];
    memset(big, 'z', sizeof big);
    gp_textout_write(t, big, sizeof big);
    expected += sizeof big;
    cr_assert_eq(gp_textout_finish(t), GP_OK);
    fclose(f);
    cr_expect_eq(size, expected);
    cr_expect(strncmp(data, "abc,0\nabc,0.5\nabc,1\nabc,1.5\n", 28) == 0);
    cr_expect_eq(data[size - 1], 'z');
    free(t);
    free(data);
}

Test(textout, write_failure_is_reported_with_errno) {
    FILE *f = fopen("/dev/full", "w");
    cr_assert_not_null(f);
    gp_textout *t = malloc(sizeof *t);
    gp_textout_init(t, f);
    for (int i = 0; i < 100000; i++)
        gp_textout_puts(t, "0123456789");
    errno = 0;
    cr_expect_eq(gp_textout_finish(t), GP_ERR_IO);
    cr_expect_eq(errno, ENOSPC);
    fclose(f);
    free(t);
}
