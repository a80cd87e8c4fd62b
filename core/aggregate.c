/*
** core/aggregate.c: totals of blocks, FY figures (MODEL.md §7) and the check
** that every figure is finite (§9).
**
** The check costs nothing extra in a whole run: the FY sums that aggregation
** needs anyway are not finite exactly when a month they add up is not (an
** infinity or NaN propagates through a sum) or when the sum itself overflows,
** itself a non-finite result. Only then is the block scanned to name the
** first bad value.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model_private.h"

/* Totals sum FTE, money and counts; rates are recomputed from the summed parts. */
static bool summed(const gp_series_info *info) {
    return info->quantity != GP_Q_RATE && info->quantity != GP_Q_MONEY_RATE;
}

void gp_series_add(gp_block *dst, size_t d, const gp_block *src, size_t s, int t0, int t1) {
    double *restrict to = gp_block_monthly(dst, d);
    const double *restrict from = gp_block_monthly(src, s);
    for (int t = t0; t <= t1; t++)
        to[t] += from[t];
}

void gp_block_add(gp_block *dst, gp_block *dst2, const gp_block *src, int t0, int t1) {
    /* A system member's block has its transfers after the series all_units has: those are not added there. */
    size_t n = src->nseries < dst->nseries ? src->nseries : dst->nseries;
    if (dst2 && dst2->nseries < n)
        n = dst2->nseries;
    for (size_t s = 0; s < n; s++) {
        if (!summed(&src->series[s]))
            continue;
        if (!dst2) {
            gp_series_add(dst, s, src, s, t0, t1);
            continue;
        }
        /* A group goes into its unit's total and its all_units group: one read of it for both. */
        double *restrict a = gp_block_monthly(dst, s), *restrict b = gp_block_monthly(dst2, s);
        const double *restrict x = gp_block_monthly(src, s);
        for (int t = t0; t <= t1; t++) {
            a[t] += x[t];
            b[t] += x[t];
        }
    }
}

bool gp_block_aggregate(gp_block *b, const int *fy_first, const int *fy_last) {
    bool finite = true;
    for (size_t s = 0; s < b->nseries; s++) {
        const double *x = gp_block_monthly(b, s);
        double *annual = gp_block_annual(b, s), *mean = gp_block_mean(b, s);
        bool flow = b->series[s].agg == GP_AGG_FLOW;
        for (int f = 0; f < b->nfys; f++) {
            double sum = 0;
            for (int t = fy_first[f]; t <= fy_last[f]; t++)
                sum += x[t];
            finite &= isfinite(sum) != 0;
            annual[f] = flow ? sum : x[fy_last[f]];
            mean[f] = flow ? 0 : sum / (fy_last[f] - fy_first[f] + 1);
        }
    }
    return finite;
}

bool gp_block_finite(const gp_block *b, int t0, int t1) {
    bool finite = true;
    for (size_t s = 0; s < b->nseries; s++) {
        const double *x = gp_block_monthly(b, s);
        double sum = 0;
        for (int t = t0; t <= t1; t++)
            sum += x[t];
        finite &= isfinite(sum) != 0;
    }
    if (finite)
        return true;
    /* An overflowing sum of finite values is no problem of a month: look at each value. */
    for (size_t s = 0; s < b->nseries; s++)
        for (int t = t0; t <= t1; t++)
            if (!isfinite(gp_block_monthly(b, s)[t]))
                return false;
    return true;
}

/* "staff_in_post is not finite (inf) in unit england, group nurses, month 2024-05" */
#define NONFINITE_FORMAT "%s%s is not finite (%s) in unit %s, %s, %s %s"

static const char *nonfinite_text(double v) {
    return isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

/* A malloc'd copy of the formatted text, or NULL on out-of-memory. */
static char *format_message(const char *series, const char *suffix, double v, const char *unit,
                            const char *where, const char *when, const char *label) {
    int n = snprintf(NULL, 0, NONFINITE_FORMAT, series, suffix, nonfinite_text(v), unit, where, when, label);
    char *msg = n < 0 ? NULL : malloc((size_t)n + 1);
    if (msg)
        snprintf(msg, (size_t)n + 1, NONFINITE_FORMAT, series, suffix, nonfinite_text(v), unit, where, when,
                 label);
    return msg;
}

char *gp_nonfinite_message(const gp_block *b, const gp_calendar *cal, const char *unit, const char *where,
                           int t0, int t1) {
    char label[GP_LABEL_SIZE];

    /* The earliest month first: later ones usually follow from it. */
    for (int t = t0; t <= t1; t++)
        for (size_t s = 0; s < b->nseries; s++) {
            double v = gp_block_monthly(b, s)[t];
            if (!isfinite(v)) {
                gp_calendar_month_label(cal, t, label);
                return format_message(b->series[s].name, "", v, unit, where, "month", label);
            }
        }
    /* Every month is finite, so an FY sum overflowed: name the FY figure. */
    for (int f = 0; f < b->nfys; f++)
        for (size_t s = 0; s < b->nseries; s++) {
            bool flow = b->series[s].agg == GP_AGG_FLOW;
            double v = flow ? gp_block_annual(b, s)[f] : gp_block_mean(b, s)[f];
            if (!isfinite(v)) {
                gp_calendar_fy_label(cal, f, label);
                return format_message(b->series[s].name, flow ? "" : "_mean", v, unit, where, "FY", label);
            }
        }
    return format_message("a figure", "", NAN, unit, where, "month", "(unknown)");
}
