/*
** core/model_private.h (private): the model's state between steps and the
** kernels that compute one part of a unit over a range of periods.
**
** Every kernel computes periods t0..t1 (inclusive) of one staff group, one
** finance block or one waiting list, carrying what the next period needs
** (establishment, cost per FTE, staff in post, non-pay, the buckets) in a
** small state struct. A whole run is one range, 0..months-1, computed group
** by group so that one group's series stay in cache while they are totalled
** and aggregated; a stepped run is the same code over shorter ranges, so both
** give the same bits.
**
** Kernels read the plan's schedules as plain arrays and write each series with
** unit stride; none allocates or calls through a pointer.
*/
#ifndef GP_MODEL_PRIVATE_H
#define GP_MODEL_PRIVATE_H

#include <stdbool.h>

#include "gapplan/model.h"
#include "result_storage.h"

/* What a staff group carries from one period to the next (MODEL.md §3). */
typedef struct gp_group_state {
    double E; /* establishment of the last period computed */
    double C; /* cost per FTE of the last period computed */
    double S; /* staff in post of the next period */
} gp_group_state;

/* What a unit carries: non-pay (§4) and its waiting list (§6). */
typedef struct gp_unit_state {
    double NP;             /* non-pay of the last period computed */
    double H;              /* hidden demand at the start of the next period */
    double CS0;            /* clinical staffing in period 0 */
    double w[GP_BUCKETS];  /* the buckets at the start of the next period (held: after the stops, not aged) */
    double n;              /* held: what remains of the last period's new clock starts */
} gp_unit_state;

/* Per-period facts of the calendar, looked up in the kernels' loops. */
typedef struct gp_periods {
    int months;
    const unsigned char *april; /* april[t]: t is an April step */
    const unsigned char *month; /* month[t]: calendar month 1..12 of period t */
} gp_periods;

struct gp_model {
    const gp_plan *plan;
    gp_result *res;          /* NULL once handed out by gp_model_finish */
    gp_result_layout layout;
    gp_periods periods;
    int done;                /* last period computed, -1 before the first */
    int *fy_first, *fy_last; /* periods of each FY inside the horizon */
    gp_group_state *groups;  /* one per plan group, units in order */
    gp_unit_state *units;
    double *wf;              /* per period: the unit's workforce cost, summed group by group */
    double *cs;              /* per period: the unit's clinical staffing (A + B + AG) */
    double *spare;           /* per period: where a non-clinical group's staffing goes */
    double *capacity;        /* per period: all backlog units' capacity input, for all_units */
    bool *member;            /* member[u]: unit u is in a system (it steps a period at a time) */
    double *sys_capacity;    /* per system and period: its backlog members' capacity input */
    double *sys_scratch;     /* 2 per member of the largest system: the systems' working figures */
    gp_error failed;         /* GP_OK, or the error that stopped the run */
    char *failure;           /* its message, repeated by later calls */
};

/* ---- kernels (model_workforce.c, model_finance.c, model_backlog.c) ---- */

/*
** MODEL.md §3 for one group over t0..t1 into `out`; adds each period's
** PAY + BANK + AGY to wf[t] and A + B + AG to cs[t]. At t0 == 0 the state
** starts from the group's opening figures.
*/
void gp_model_group(const gp_periods *p, const gp_group *g, gp_group_state *st, gp_block *out, double *wf,
                    double *cs, int t0, int t1);
/** The rates of a `total` group (vacancy_rate, absence_rate, cost_per_fte) from its summed parts. */
void gp_model_total_rates(gp_block *total, int t0, int t1);

/* MODEL.md §4-§5 for one unit over t0..t1, with wf[t] its workforce cost. */
void gp_model_finance(const gp_periods *p, const gp_finance *f, gp_unit_state *st, const double *wf,
                      gp_block *out, gp_block *pressures, gp_block *funding, int t0, int t1);

/*
** MODEL.md §6 for one unit over t0..t1, with cs[t] its clinical staffing and
** `clinical` whether it has a clinical group.
*/
void gp_model_backlog(const gp_backlog *bk, gp_unit_state *st, const double *cs, bool clinical, gp_block *out,
                      int t0, int t1, bool hold);
/*
** With `hold`, the last period t1 is left before ageing: st->w holds what
** remains of the buckets after the clock stops and st->n what remains of the
** new starts, for a system's shared waiting list to take from
** (gp_model_backlog_take); gp_model_backlog_age() then ages them.
*/
void gp_model_backlog_age(gp_unit_state *st);
/** Sum of a held unit's buckets, 0 to 24. */
double gp_model_backlog_remaining(const gp_unit_state *st);
/** Take `amount` from a held unit's buckets, 24 down to 0, each emptied before the next; returns what was taken. */
double gp_model_backlog_take(gp_unit_state *st, double amount);

/*
** docs/methodology.md "Systems", period t of system `sys` (model_systems.c),
** after every member has computed the period (backlogs held) and before any
** is added into all_units: pooled funding (FU, GAP, pooled_out, pooled_in of
** each member with finance, POOL of the system), then the shared waiting list
** (moved_out, aid_given, MOVED; every held member aged). `scratch` has room
** for 2 doubles per member.
*/
void gp_model_system_pool(const gp_plan *plan, const gp_system *sys, gp_result *res, gp_system_result *sr,
                          double *scratch, int t);
void gp_model_system_list(const gp_plan *plan, const gp_system *sys, gp_unit_state *units, gp_result *res,
                          gp_system_result *sr, double *scratch, int t);
/** all_units' shares: within_4m_share and workforce_factor (effective capacity / capacity input). */
void gp_model_backlog_shares(gp_block *total, const double *capacity, int t0, int t1);

/* ---- sums, FY figures and checks (aggregate.c) ---- */

/** dst += src (and dst2 += src unless dst2 is NULL) over t0..t1 for every series that totals sum (not rates). */
void gp_block_add(gp_block *dst, gp_block *dst2, const gp_block *src, int t0, int t1);
/** Series `s` of src added to series `d` of dst over t0..t1. */
void gp_series_add(gp_block *dst, size_t d, const gp_block *src, size_t s, int t0, int t1);

/*
** FY figures of every series (MODEL.md §7): flows summed, stocks closing and
** mean. False when a figure is not finite.
*/
bool gp_block_aggregate(gp_block *b, const int *fy_first, const int *fy_last);
/** False when a value of periods t0..t1 is not finite. */
bool gp_block_finite(const gp_block *b, int t0, int t1);

/*
** The message for a block that failed a check: the first non-finite value
** (earliest month, then series order), else the first non-finite FY figure:
**   "staff_in_post is not finite (inf) in unit england, group nurses, month 2024-05"
** `where` is "group nurses", "finance", ... Returns a malloc'd string or NULL.
*/
char *gp_nonfinite_message(const gp_block *b, const gp_calendar *cal, const char *unit, const char *where,
                           int t0, int t1);

#endif
