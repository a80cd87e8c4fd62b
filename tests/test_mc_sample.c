/*
** tests/test_mc_sample.c: drawing uncertain inputs (mc.h): the inverse
** distribution functions against their formulas, sample moments against
** theory, the copula's rank correlations, determinism of the streams, and
** the percentile rule against hand-computed cases.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gapplan/mc.h"
#include "helpers.h"

/* Draws for the moment and correlation checks: standard errors of about 0.2% of the spread. */
#define DRAWS 100000

static gp_mc_sampler *make(const gp_mc_input *in, size_t n, const gp_mc_corr *c, size_t nc) {
    gp_mc_sampler *s = NULL;
    gp_diag d;
    gp_diag_init(&d);
    gp_error err = gp_mc_sampler_new(in, n, c, nc, "test", &s, &d);
    cr_assert_eq(err, GP_OK, "sampler: %s", d.count ? d.items[0].message : gp_strerror(err));
    gp_diag_free(&d);
    return s;
}

Test(mc_sample, triangular_quantile_formula) {
    gp_mc_input t = {"t", GP_MC_TRIANGULAR, 0, 1, 3, NULL};
    /* F(c) = (c - a)/(b - a) = 1/3: the mode sits at u = 1/3. */
    cr_expect(gp_close(gp_mc_quantile(&t, 1.0 / 3), 1.0));
    /* u = 0.5 is past the mode: b - sqrt((1 - u)(b - a)(b - c)) = 3 - sqrt(0.5 * 3 * 2) = 3 - sqrt(3). */
    cr_expect(gp_close(gp_mc_quantile(&t, 0.5), 3 - sqrt(3)));
    /* u = 0.1 before it: a + sqrt(u (b - a)(c - a)) = sqrt(0.3). */
    cr_expect(gp_close(gp_mc_quantile(&t, 0.1), sqrt(0.3)));
    cr_expect_eq(gp_mc_quantile(&t, 0), 0);
    cr_expect_eq(gp_mc_quantile(&t, 1), 3);
    gp_mc_input u = {"u", GP_MC_UNIFORM, 0.09, 0.105, 0.12, NULL};
    cr_expect(gp_close(gp_mc_quantile(&u, 0.25), 0.0975));
}

Test(mc_sample, names_of_distributions) {
    gp_mc_dist d;
    cr_expect(gp_mc_dist_parse("triangular", &d) && d == GP_MC_TRIANGULAR);
    cr_expect(gp_mc_dist_parse("uniform", &d) && d == GP_MC_UNIFORM);
    cr_expect(!gp_mc_dist_parse("normal", &d));
    cr_expect_str_eq(gp_mc_dist_name(GP_MC_TRIANGULAR), "triangular");
}

/* Mean and variance of input k over DRAWS iterations. */
static void moments(const gp_mc_sampler *s, size_t k, double *mean, double *var) {
    double v[4], sum = 0, sum2 = 0;
    for (size_t i = 0; i < DRAWS; i++) {
        gp_mc_sample(s, 7, i, v);
        sum += v[k];
        sum2 += v[k] * v[k];
    }
    *mean = sum / DRAWS;
    *var = sum2 / DRAWS - *mean * *mean;
}

Test(mc_sample, moments_match_theory) {
    gp_mc_input in[2] = {{"u", GP_MC_UNIFORM, 2, 0, 5, NULL}, {"t", GP_MC_TRIANGULAR, 1, 2, 6, NULL}};
    gp_mc_sampler *s = make(in, 2, NULL, 0);
    double m, v;
    moments(s, 0, &m, &v);
    /* Uniform on [2, 5]: mean 3.5, variance 9/12 = 0.75; the SE of the mean is sqrt(0.75/1e5) = 0.0027. */
    cr_expect(fabs(m - 3.5) < 0.011, "uniform mean %g", m);
    cr_expect(fabs(v - 0.75) < 0.01, "uniform variance %g", v);
    moments(s, 1, &m, &v);
    /* Triangular (1, 2, 6): mean 3, variance (1 + 4 + 36 - 2 - 6 - 12)/18 = 21/18. */
    cr_expect(fabs(m - 3.0) < 0.014, "triangular mean %g", m);
    cr_expect(fabs(v - 21.0 / 18) < 0.02, "triangular variance %g", v);
    gp_mc_sampler_free(s);
}

Test(mc_sample, streams_depend_on_seed_and_iteration_only) {
    gp_mc_input in[3] = {{"a", GP_MC_UNIFORM, 0, 0, 1, NULL}, {"b", GP_MC_UNIFORM, 0, 0, 1, NULL},
                         {"c", GP_MC_TRIANGULAR, 0, 0.3, 1, NULL}};
    gp_mc_sampler *s = make(in, 3, NULL, 0);
    double a[3], b[3], c[3];
    gp_mc_sample(s, 42, 1234, a);
    gp_mc_sample(s, 42, 99, c); /* another iteration in between changes nothing */
    gp_mc_sample(s, 42, 1234, b);
    cr_expect_eq(memcmp(a, b, sizeof a), 0);
    cr_expect(memcmp(a, c, sizeof a) != 0);
    gp_mc_sample(s, 43, 1234, c);
    cr_expect(memcmp(a, c, sizeof a) != 0);
    for (int k = 0; k < 3; k++)
        cr_expect(a[k] >= 0 && a[k] <= 1);
    gp_mc_sampler_free(s);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct pair {
    double v;
    size_t i;
} pair;

static int by_value(const void *a, const void *b) { return cmp(&((const pair *)a)->v, &((const pair *)b)->v); }

/* Ranks 0..n-1 of x (continuous draws have no ties). */
static double *ranks(const double *x, size_t n) {
    double *r = malloc(n * sizeof *r);
    pair *p = malloc(n * sizeof *p);
    for (size_t i = 0; i < n; i++)
        p[i] = (pair){x[i], i};
    qsort(p, n, sizeof *p, by_value);
    for (size_t k = 0; k < n; k++)
        r[p[k].i] = (double)k;
    free(p);
    return r;
}

/* Spearman's rank correlation of inputs j and k over n draws. */
static double spearman(const gp_mc_sampler *s, size_t j, size_t k, size_t n) {
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), v[4];
    for (size_t i = 0; i < n; i++) {
        gp_mc_sample(s, 2022, i, v);
        x[i] = v[j];
        y[i] = v[k];
    }
    double *rx = ranks(x, n), *ry = ranks(y, n), mean = (double)(n - 1) / 2, sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        sxy += (rx[i] - mean) * (ry[i] - mean);
        sxx += (rx[i] - mean) * (rx[i] - mean);
        syy += (ry[i] - mean) * (ry[i] - mean);
    }
    free(x), free(y), free(rx), free(ry);
    return sxy / sqrt(sxx * syy);
}

Test(mc_sample, copula_gives_the_declared_rank_correlations) {
    /* A triangular and a uniform input correlated 0.6, a third at -0.4 with the first, one left alone. */
    gp_mc_input in[4] = {{"absence", GP_MC_TRIANGULAR, 0.04, 0.05, 0.07, NULL},
                         {"capacity", GP_MC_UNIFORM, 0.9, 0, 1.1, NULL},
                         {"leavers", GP_MC_UNIFORM, 0.09, 0, 0.12, NULL},
                         {"free", GP_MC_UNIFORM, 0, 0, 1, NULL}};
    gp_mc_corr c[2] = {{0, 1, 0.6}, {0, 2, -0.4}};
    gp_mc_sampler *s = make(in, 4, c, 2);
    /* 20,000 draws: the standard error of a rank correlation near 0.6 is about 0.005. */
    cr_expect(fabs(spearman(s, 0, 1, 20000) - 0.6) < 0.02, "rho(0,1) = %g", spearman(s, 0, 1, 20000));
    cr_expect(fabs(spearman(s, 0, 2, 20000) + 0.4) < 0.02, "rho(0,2) = %g", spearman(s, 0, 2, 20000));
    cr_expect(fabs(spearman(s, 0, 3, 20000)) < 0.02, "rho(0,3) = %g", spearman(s, 0, 3, 20000));
    /* The margins stay what they were: the uniform's mean is still its midpoint. */
    double m, v;
    moments(s, 1, &m, &v);
    cr_expect(fabs(m - 1.0) < 0.002, "mean %g", m);
    gp_mc_sampler_free(s);
}

Test(mc_sample, impossible_correlations_are_refused) {
    gp_mc_input in[3] = {{"a", GP_MC_UNIFORM, 0, 0, 1, NULL}, {"b", GP_MC_UNIFORM, 0, 0, 1, NULL},
                         {"c", GP_MC_UNIFORM, 0, 0, 1, NULL}};
    /* a and b move together, a and c together, yet b and c opposite: no joint distribution has that. */
    gp_mc_corr c[3] = {{0, 1, 0.9}, {0, 2, 0.9}, {1, 2, -0.9}};
    gp_mc_sampler *s = NULL;
    gp_diag d;
    gp_diag_init(&d);
    cr_assert_eq(gp_mc_sampler_new(in, 3, c, 3, "plan.json", &s, &d), GP_ERR_INVALID);
    cr_expect_null(s);
    cr_expect(gp_diag_has(&d, "plan.json: the rank correlations declared between the uncertain inputs cannot all "
                              "hold at once (their matrix is not positive definite): loosen some of them"));
    gp_mc_corr self = {1, 1, 0.5};
    gp_diag_clear(&d);
    cr_expect_eq(gp_mc_sampler_new(in, 3, &self, 1, "plan.json", &s, &d), GP_ERR_INVALID);
    cr_expect(gp_diag_has(&d, "b is correlated with itself"));
    gp_diag_free(&d);
}

Test(mc_sample, percentiles_of_a_hand_computed_case) {
    /* 1..10 out of order. h = 9p/100: P5 at h = 0.45 is 1 + 0.45 = 1.45; P10 1.9; P50 (h = 4.5) 5.5;
       P90 (h = 8.1) 9.1; P95 (h = 8.55) 9.55; the mean 5.5. */
    double x[10] = {7, 3, 10, 1, 9, 2, 8, 4, 6, 5}, out[GP_MC_STATS];
    gp_mc_stats(x, 10, out);
    cr_expect(gp_close(out[GP_MC_P5], 1.45), "p5 %g", out[GP_MC_P5]);
    cr_expect(gp_close(out[GP_MC_P10], 1.9), "p10 %g", out[GP_MC_P10]);
    cr_expect(gp_close(out[GP_MC_P50], 5.5), "p50 %g", out[GP_MC_P50]);
    cr_expect(gp_close(out[GP_MC_P90], 9.1), "p90 %g", out[GP_MC_P90]);
    cr_expect(gp_close(out[GP_MC_P95], 9.55), "p95 %g", out[GP_MC_P95]);
    cr_expect_eq(out[GP_MC_MEAN], 5.5);
    /* One value: every statistic is it. Ties: {2, 2, 2, 9}: P50 at h = 1.5 is 2; P95 at h = 2.85 is 2 + 0.85 * 7. */
    double one[1] = {4.25}, ties[4] = {9, 2, 2, 2};
    gp_mc_stats(one, 1, out);
    for (int k = 0; k < GP_MC_STATS; k++)
        cr_expect_eq(out[k], 4.25);
    gp_mc_stats(ties, 4, out);
    cr_expect_eq(out[GP_MC_P50], 2);
    cr_expect(gp_close(out[GP_MC_P95], 2 + 0.85 * 7));
    cr_expect_str_eq(gp_mc_stat_name(GP_MC_P95), "p95");
}

/* gp_mc_stats of x[0..n-1] (reordered) against the percentiles of a sorted copy: exactly equal. */
static void expect_as_sorted(double *x, size_t n, const char *shape) {
    static const double p[5] = {5, 10, 50, 90, 95};
    double *y = malloc(n * sizeof *y), out[GP_MC_STATS], sum = 0;
    cr_assert(y);
    memcpy(y, x, n * sizeof *y);
    qsort(y, n, sizeof y[0], cmp);
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    gp_mc_stats(x, n, out);
    for (int k = 0; k < 5; k++) {
        double h = (double)(n - 1) * p[k] / 100;
        size_t lo = (size_t)floor(h);
        double want = y[lo] + (h - (double)lo) * (y[lo + 1 < n ? lo + 1 : lo] - y[lo]);
        cr_expect_eq(out[k], want, "%s, %zu values: p%g is %.17g, sorted gives %.17g", shape, n, p[k], out[k], want);
    }
    cr_expect_eq(out[GP_MC_MEAN], sum / (double)n, "%s: the mean", shape);
    free(y);
}

Test(mc_sample, selection_agrees_with_sorting, .timeout = 60) {
    /* Random values with and without ties, and the shapes a selection can stall on: every value alike (the
       months before a scenario starts), two values, sorted and reversed runs, one outlier. */
    enum { N = 10001 };
    static double x[N];
    static const size_t sizes[] = {1, 2, 3, 15, 16, 17, 100, 1001, N};
    unsigned seed = 12345;
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            x[i] = (double)((seed >> 16) % 300);
        }
        expect_as_sorted(x, n, "ties");
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            x[i] = (double)(seed >> 8) / 16777216.0 - 0.5;
        }
        expect_as_sorted(x, n, "random");
        for (size_t i = 0; i < n; i++)
            x[i] = 42.5;
        expect_as_sorted(x, n, "alike");
        for (size_t i = 0; i < n; i++)
            x[i] = i % 7 == 0 ? 1 : 0;
        expect_as_sorted(x, n, "two values");
        for (size_t i = 0; i < n; i++)
            x[i] = (double)i;
        expect_as_sorted(x, n, "sorted");
        for (size_t i = 0; i < n; i++)
            x[i] = (double)(n - i);
        expect_as_sorted(x, n, "reversed");
        for (size_t i = 0; i < n; i++)
            x[i] = i == n / 3 ? 1e9 : 3;
        expect_as_sorted(x, n, "one outlier");
    }
}
