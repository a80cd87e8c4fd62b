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
#include <stdbool.h>

/* Below this many values insertion sort finishes a selection faster than partitioning. */
#define SMALL_RANGE 16

static const double percent[5] = {5, 10, 50, 90, 95};

const char *gp_mc_stat_name(int stat) {
    static const char *const names[GP_MC_STATS] = {"p5", "p10", "p50", "p90", "p95", "mean"};
    return stat >= 0 && stat < GP_MC_STATS ? names[stat] : "";
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

static double median_of_three(double a, double b, double c) {
    if (a > b) {
        double t = a;
        a = b;
        b = t;
    }
    return c < a ? a : c > b ? b : c;
}

/*
** Move the values of x[lo..hi] that are below the pivot (or, with `or_equal`,
** not above it) to the front, keeping the rest behind; returns the index of
** the first value moved behind. Without a branch per value: a comparison-
** steered branch mispredicts on every other value of random data, which made
** the statistics a quarter of a Monte Carlo run.
*/
static size_t partition(double *x, size_t lo, size_t hi, double pivot, bool or_equal) {
    size_t front = lo;
    for (size_t i = lo; i <= hi; i++) {
        double v = x[i];
        x[i] = x[front];
        x[front] = v;
        front += or_equal ? v <= pivot : v < pivot;
    }
    return front;
}

/*
** Reorder x[lo..hi] so that x[k] holds the value it would hold sorted, with
** nothing larger before it and nothing smaller after it (quickselect with
** median-of-three pivots). When the pivot is the range's smallest value, a
** second pass gathers the values equal to it, so ties (every iteration alike
** in the months before a scenario starts) never stall the selection.
*/
static void select_kth(double *x, size_t lo, size_t hi, size_t k) {
    while (hi - lo >= SMALL_RANGE) {
        double pivot = median_of_three(x[lo], x[lo + (hi - lo) / 2], x[hi]);
        size_t below = partition(x, lo, hi, pivot, false); /* x[lo..below-1] < pivot <= x[below..hi] */
        if (k < below) {
            hi = below - 1;
        } else if (below > lo) {
            lo = below;
        } else {
            size_t equal_end = partition(x, lo, hi, pivot, true); /* x[lo..equal_end-1] == pivot */
            if (k < equal_end)
                return;
            lo = equal_end;
        }
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
    /*
    ** The median first, then each side within its half: after select_kth(k), x[0..k-1] <= x[k] <= x[k+1..].
    ** Each later selection works beside the ranks already placed, never over them, so they stay put.
    */
    select_kth(x, 0, n - 1, k[2]);
    if (k[1] < k[2])
        select_kth(x, 0, k[2] - 1, k[1]);
    if (k[0] < k[1])
        select_kth(x, 0, k[1] - 1, k[0]);
    if (k[3] > k[2])
        select_kth(x, k[2] + 1, n - 1, k[3]);
    if (k[4] > k[3])
        select_kth(x, k[3] + 1, n - 1, k[4]);
    for (int p = 0; p < 5; p++) {
        double lo = x[k[p]];
        double hi = k[p] + 1 < n ? smallest(x, k[p] + 1, p < 4 && k[p + 1] > k[p] ? k[p + 1] : n - 1) : lo;
        out[p] = frac[p] > 0 ? lo + frac[p] * (hi - lo) : lo;
    }
}
