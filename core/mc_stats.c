/*
** core/mc_stats.c: the statistics of one figure over the iterations
** (gp_mc_stats in mc.h).
**
** A 10,000-iteration run of the England example summarises about 2,500
** figures; sorting each would cost about a second. Five percentiles need
** only five order statistics and their successors, so a selection finds the
** median, then the lower percentiles in the lower part and the upper ones in
** the upper part: a few linear passes a figure. The results are exactly what
** sorting would give (order statistics do not depend on how they are found).
*/
#include "gapplan/mc.h"

#include <math.h>

/* Below this many values insertion sort finishes a selection faster than partitioning. */
#define SMALL_RANGE 16

static const double percent[5] = {5, 10, 50, 90, 95};

const char *gp_mc_stat_name(int stat) {
    static const char *const names[GP_MC_STATS] = {"p5", "p10", "p50", "p90", "p95", "mean"};
    return stat >= 0 && stat < GP_MC_STATS ? names[stat] : "";
}

static void swap(double *a, double *b) {
    double t = *a;
    *a = *b;
    *b = t;
}

static void insertion_sort(double *x, size_t lo, size_t hi) {
    for (size_t i = lo + 1; i <= hi; i++) {
        double v = x[i];
        size_t j = i;
        for (; j > lo && x[j - 1] > v; j--)
            x[j] = x[j - 1];
        x[j] = v;
    }
}

/*
** Reorder x[lo..hi] so that x[k] holds the value it would hold sorted, with
** nothing larger before it and nothing smaller after it (Hoare's selection,
** median-of-three pivots).
*/
static void select_kth(double *x, size_t lo, size_t hi, size_t k) {
    while (hi - lo >= SMALL_RANGE) {
        size_t mid = lo + (hi - lo) / 2;
        if (x[mid] < x[lo])
            swap(&x[mid], &x[lo]);
        if (x[hi] < x[lo])
            swap(&x[hi], &x[lo]);
        if (x[hi] < x[mid])
            swap(&x[hi], &x[mid]);
        double pivot = x[mid];
        size_t i = lo, j = hi;
        for (;;) {
            while (x[i] < pivot)
                i++;
            while (pivot < x[j])
                j--;
            if (i >= j)
                break;
            swap(&x[i], &x[j]);
            i++, j--;
        }
        /* x[lo..j] <= pivot <= x[j+1..hi] */
        if (k <= j)
            hi = j;
        else
            lo = j + 1;
    }
    insertion_sort(x, lo, hi);
}

/* The smallest of x[lo..hi]. */
static double smallest(const double *x, size_t lo, size_t hi) {
    double m = x[lo];
    for (size_t i = lo + 1; i <= hi; i++)
        if (x[i] < m)
            m = x[i];
    return m;
}

void gp_mc_stats(double *x, size_t n, double out[GP_MC_STATS]) {
    size_t k[5];
    double frac[5], sum = 0;

    for (size_t i = 0; i < n; i++)
        sum += x[i];
    out[GP_MC_MEAN] = sum / (double)n;
    for (int p = 0; p < 5; p++) {
        double h = (double)(n - 1) * percent[p] / 100;
        k[p] = (size_t)floor(h);
        frac[p] = h - (double)k[p];
    }
    /* The median first, then each side within its half: after select_kth(k), x[0..k] <= x[k] <= x[k+1..]. */
    select_kth(x, 0, n - 1, k[2]);
    if (k[2] > 0) {
        select_kth(x, 0, k[2], k[1]);
        select_kth(x, 0, k[1], k[0]);
    }
    if (k[2] < n - 1) {
        select_kth(x, k[2], n - 1, k[3]);
        select_kth(x, k[3], n - 1, k[4]);
    }
    for (int p = 0; p < 5; p++) {
        double lo = x[k[p]];
        double hi = k[p] + 1 < n ? smallest(x, k[p] + 1, p < 4 && k[p + 1] > k[p] ? k[p + 1] : n - 1) : lo;
        out[p] = frac[p] > 0 ? lo + frac[p] * (hi - lo) : lo;
    }
}
