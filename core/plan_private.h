/*
** core/plan_private.h (private): what the plan's own files share: creating an
** empty plan, the ranges of named-line amounts (which are not in the field
** tables, as lists are not fields) and the tolerance on bank + agency fills.
*/
#ifndef GP_PLAN_PRIVATE_H
#define GP_PLAN_PRIVATE_H

#include <math.h>

#include "arena.h"
#include "gapplan/plan.h"

/*
** bank_fill + agency_fill may exceed 1 by this much: 0.45 + 0.55 must pass
** although its double sum may round just above 1. It is far below any share a
** user would write on purpose.
*/
#define GP_FILL_SUM_SLACK 1e-12

/* Pressure and funding amounts may be negative (a saving, a clawback); scheme amounts may not (MODEL.md §9). */
#define GP_LINE_AMOUNT_MIN (-HUGE_VAL)
#define GP_SCHEME_AMOUNT_MIN 0.0

/** A new plan with its own arena and nothing else (all zero), or NULL on out-of-memory. */
gp_plan *gp_plan_new_empty(void);

/*
** The first period t of 0..months-1 where bank[t] + agency[t] exceeds 1 (by
** more than GP_FILL_SUM_SLACK), or -1 when there is none.
*/
int gp_fill_sum_excess(const double *bank, const double *agency, int months);

/* Fill n values with v. */
static inline void gp_fill(double *out, int n, double v) {
    for (int t = 0; t < n; t++)
        out[t] = v;
}

#endif
