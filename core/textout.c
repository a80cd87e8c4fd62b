/*
** core/textout.c: shortest round-trip number text and the writers' output
** buffer (see textout.h).
**
** The shortest text of a double x is found with exact integer arithmetic, in
** the spirit of Steele & White and Burger & Dybvig ("Printing floating-point
** numbers quickly and accurately", 1996), but without their digit loop:
**
**   1. Scale x by 10^p so that x * 10^p lies in [10^16, 10^18): there every
**      integer is a 17- or 18-digit decimal, and the interval of reals that
**      read back as x (half an ulp either side) is at least 1.1 units wide, so
**      it holds at least one integer.
**   2. Compute that interval's integer bounds [L, H] exactly. With p >= 0,
**      x * 10^p = 4m * 5^p * 2^(e+p-2) for x = m * 2^e, so every quantity is
**      an integer times a power of two: a 128-bit product and shifts, no
**      division by anything but 2^s.
**   3. The shortest text is the multiple of the largest power 10^j that lies
**      in [L, H]; of the (at most two) nearest ones, take the nearest to x,
**      halves to even, as printf rounds.
**
** Step 2 needs 5^p to fit in 64 bits (p <= 27) and no 10^-p division, so the
** fast path covers 1e-11 <= |x| < 1e17, where every figure the model makes
** lies. Anything else (and compilers without a 128-bit integer) takes the
** plain route: "%.15g", "%.16g", "%.17g", the first that strtod reads back
** exactly. tests/test_textout.c checks the two against each other on many
** millions of values.
*/
#include "textout.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 u128;
#define HAVE_U128 1
#endif

/* The fast path's range of decimal scales: 5^p must fit in 64 bits. */
#define FAST_P_MAX 27
/* JavaScript's rule for plain against exponent notation: plain for 1e-6 <= |x| < 1e21. */
#define PLAIN_EXP_MIN (-6)
#define PLAIN_EXP_MAX 21

static const uint64_t pow10_u64[20] = {
    1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
    10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
    1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
    10000000000000000000u,
};

#if HAVE_U128
static uint64_t pow5_u64(int p) {
    uint64_t v = 1;
    while (p-- > 0)
        v *= 5;
    return v;
}

/*
** Find the shortest decimal digits * 10^exp10 that reads back as x (x > 0,
** finite). Returns false when x is outside the fast path's range.
*/
static bool shortest_fast(double x, uint64_t *digits, int *exp10) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int biased = (int)((bits >> 52) & 0x7ff);
    if (biased == 0)
        return false; /* subnormal */
    uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    int e = biased - 1075; /* x = m * 2^e */

    /* k = floor((e + 52) log10 2), so k <= floor(log10 x) <= k + 1 for x in [2^(e+52), 2^(e+53)).
       78913 / 2^18 is log10 2 closely enough to give that floor exactly for |e + 52| <= 1650 (as in Ryu). */
    int n2 = e + 52;
    int k = n2 >= 0 ? (int)(((uint32_t)n2 * 78913u) >> 18) : -(int)((((uint32_t)-n2 * 78913u) >> 18) + 1);
    int p = 16 - k;
    if (p < 0 || p > FAST_P_MAX)
        return false;

    /* In units of 2^(e+p-2) / 10^p: x is 4m, its neighbours' midpoints 4m + 2 and 4m - 2
       (4m - 1 below a power of two, where the gap below is half the gap above). */
    uint64_t five = pow5_u64(p);
    u128 r = (u128)(4 * m) * five;
    u128 m_plus = (u128)2 * five;
    u128 m_minus = (m == UINT64_C(1) << 52 && biased > 1) ? (u128)five : (u128)2 * five;
    int t = e + p - 2;
    int s = 0;
    if (t >= 0) {
        if (t > 8)
            return false; /* cannot happen in range; kept as a guard against overflow */
        r <<= t;
        m_plus <<= t;
        m_minus <<= t;
    } else {
        s = -t;
        if (s >= 120)
            return false;
    }
    u128 mask = ((u128)1 << s) - 1;

    /* A boundary itself reads back as x when m is even (strtod rounds halves to even). */
    bool inclusive = (m & 1) == 0;
    u128 lo = r - m_minus, hi = r + m_plus;
    uint64_t L = inclusive ? (uint64_t)((lo + mask) >> s) : (uint64_t)(lo >> s) + 1;
    uint64_t H = inclusive ? (uint64_t)(hi >> s) : (uint64_t)((hi + mask) >> s) - 1;
    uint64_t n0 = (uint64_t)(r >> s);
    u128 rem = r & mask;

    /* The largest j with a multiple of 10^j in [L, H]. */
    int j = 0;
    while (j < 19 && H / pow10_u64[j + 1] * pow10_u64[j + 1] >= L)
        j++;

    /* The multiple of 10^j nearest to x * 10^p = q * P + a + rem / 2^s, halves to even. */
    uint64_t P = pow10_u64[j];
    uint64_t q = j ? n0 / P : n0, a = n0 - q * P;
    u128 two_rem = rem << 1;
    uint64_t w = two_rem > mask ? 1 : 0; /* 2 rem / 2^s >= 1 */
    u128 frac = two_rem - ((u128)w << s);
    uint64_t lhs = 2 * a + w;
    bool up = lhs > P || (lhs == P && (frac > 0 || (q & 1)));
    uint64_t c = up ? q + 1 : q;
    if (c * P < L || c * P > H)
        c = up ? q : q + 1;
    /* c never ends in 0 here (a multiple of 10^(j+1) would have been found); kept for safety. */
    while (c % 10 == 0 && c) {
        c /= 10;
        j++;
    }
    *digits = c;
    *exp10 = j - p;
    return true;
}
#endif

/* Two decimal digits at a time: "00" to "99". */
static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Exactly four digits of x < 10000 at p. */
static void four_digits(char *p, uint32_t x) {
    uint32_t hi = x / 100, lo = x % 100;
    p[0] = digit_pairs[2 * hi];
    p[1] = digit_pairs[2 * hi + 1];
    p[2] = digit_pairs[2 * lo];
    p[3] = digit_pairs[2 * lo + 1];
}

/*
** The decimal digits of c, written to end at `end`; returns where they start.
** Eight digits at a time in two independent halves of four, so the divisions
** overlap instead of waiting on each other (17 digits one pair at a time is a
** chain of nine dependent divisions).
*/
static char *digits_before(uint64_t c, char *end) {
    char *p = end;
    while (c >= 100000000u) {
        uint32_t low8 = (uint32_t)(c % 100000000u);
        c /= 100000000u;
        p -= 8;
        four_digits(p, low8 / 10000);
        four_digits(p + 4, low8 % 10000);
    }
    uint32_t v = (uint32_t)c;
    while (v >= 100) {
        uint32_t r = v % 100;
        v /= 100;
        p -= 2;
        p[0] = digit_pairs[2 * r];
        p[1] = digit_pairs[2 * r + 1];
    }
    if (v >= 10) {
        p -= 2;
        p[0] = digit_pairs[2 * v];
        p[1] = digit_pairs[2 * v + 1];
    } else {
        *--p = (char)('0' + v);
    }
    return p;
}

/* digits * 10^exp10 as text: plain from 1e-6 up to 1e21, else d.ddde-XX. */
static size_t format_decimal(uint64_t c, int exp10, char *out) {
    char buf[24];
    char *d = digits_before(c, buf + sizeof buf);
    int nd = (int)(buf + sizeof buf - d);
    char *o = out;
    int lead = nd - 1 + exp10; /* the leading digit's power of ten */
    if (lead >= PLAIN_EXP_MIN && lead < PLAIN_EXP_MAX) {
        if (exp10 >= 0) {
            memcpy(o, d, (size_t)nd);
            o += nd;
            for (int i = 0; i < exp10; i++)
                *o++ = '0';
        } else if (lead >= 0) {
            memcpy(o, d, (size_t)lead + 1);
            o += lead + 1;
            *o++ = '.';
            memcpy(o, d + lead + 1, (size_t)(nd - lead - 1));
            o += nd - lead - 1;
        } else {
            *o++ = '0';
            *o++ = '.';
            for (int i = 0; i < -lead - 1; i++)
                *o++ = '0';
            memcpy(o, d, (size_t)nd);
            o += nd;
        }
    } else {
        int e = lead < 0 ? -lead : lead;
        *o++ = d[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        *o++ = 'e';
        *o++ = lead < 0 ? '-' : '+';
        if (e >= 100)
            *o++ = (char)('0' + e / 100);
        *o++ = (char)('0' + e / 10 % 10);
        *o++ = (char)('0' + e % 10);
    }
    *o = '\0';
    return (size_t)(o - out);
}

/* The plain route: the fewest of 15, 16 or 17 significant digits that read back exactly. */
static size_t shortest_printf(double x, char *out) {
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(out, GP_NUMBER_SIZE, "%.*g", prec, x);
        if (prec == 17 || strtod(out, NULL) == x)
            break;
    }
    return (size_t)n;
}

size_t gp_format_double(double x, char buf[GP_NUMBER_SIZE]) {
    char *o = buf;
    if (!isfinite(x)) {
        buf[0] = '\0';
        return 0;
    }
    if (x == 0) {
        buf[0] = '0';
        buf[1] = '\0';
        return 1;
    }
    if (x < 0) {
        *o++ = '-';
        x = -x;
    }
    /* Whole numbers below 2^53 are exact: their digits are the shortest text. */
    if (x < 9007199254740992.0 && x == (double)(uint64_t)x)
        return (size_t)(o - buf) + format_decimal((uint64_t)x, 0, o);
#if HAVE_U128
    uint64_t digits;
    int exp10;
    if (shortest_fast(x, &digits, &exp10))
        return (size_t)(o - buf) + format_decimal(digits, exp10, o);
#endif
    return (size_t)(o - buf) + shortest_printf(x, o);
}

/* ---- the output buffer ------------------------------------------------------------------ */

void gp_textout_init(gp_textout *t, FILE *out) {
    t->out = out;
    t->err = 0;
    t->len = 0;
}

static void put(gp_textout *t, const char *s, size_t n) {
    if (!n)
        return;
    errno = 0;
    if (fwrite(s, 1, n, t->out) != n && !t->err)
        t->err = errno ? errno : EIO;
}

void gp_textout_flush(gp_textout *t) {
    put(t, t->buf, t->len);
    t->len = 0;
}

void gp_textout_write_long(gp_textout *t, const char *s, size_t n) {
    gp_textout_flush(t);
    if (n > GP_TEXTOUT_SIZE) {
        put(t, s, n);
        return;
    }
    memcpy(t->buf, s, n);
    t->len = n;
}

gp_error gp_textout_finish(gp_textout *t) {
    gp_textout_flush(t);
    if (!t->err && ferror(t->out))
        t->err = EIO;
    if (t->err) {
        errno = t->err;
        return GP_ERR_IO;
    }
    return GP_OK;
}
