/*
** bench/bench.h: the pieces of the model benchmark (bench_model.c).
**
**   plan_gen.c   writes a large, varied plan as JSON text, deterministic from a seed;
**   bare_loop.c  the peer: MODEL.md §3-§6 as one plain loop over units, groups and
**                months, storing every monthly series in one flat array.
**
** The peer exists to give the model's time a yardstick measured on the same
** machine in the same run, so it reads the same loaded gp_plan (the schedules
** the model reads) and its numbers are checked against the model's: a peer
** that computes something else would be no yardstick at all.
*/
#ifndef GAPPLAN_BENCH_H
#define GAPPLAN_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gapplan/gapplan.h"

/* ---- the generated plan ------------------------------------------------------------ */

typedef struct bench_gen_options {
    uint64_t seed;     /* the same seed gives the same bytes */
    int units;         /* units in the plan */
    int groups;        /* staff groups per unit */
    int months;        /* horizon, 1..GP_MONTHS_MAX */
    int start_year;    /* first month of the horizon */
    int start_month;   /* 1..12 */
} bench_gen_options;

/*
** Write a plan (the gapplan JSON format, MODEL.md's fields) to `out`: every unit
** has `groups` staff groups (the last two non-clinical when there are more than
** two), a finance block with pressures, funding and capital schemes, and a
** backlog. Schedules are a mix of numbers, FY-keyed and month-keyed objects, with
** keys before and after the horizon. Returns 0, or -1 when a write failed.
*/
int bench_plan_generate(const bench_gen_options *o, FILE *out);

/* ---- the bare loop peer -------------------------------------------------------------- */

typedef struct bench_peer bench_peer;

/*
** Lay out and allocate (without touching) the peer's output array for `plan`;
** *out is NULL on failure (GP_ERR_NOMEM). The plan is borrowed and must outlive
** the peer. Free with bench_peer_free().
*/
gp_error bench_peer_new(const gp_plan *plan, bench_peer **out);
/** Compute every period of every unit into the peer's array (MODEL.md §3-§6). */
void bench_peer_run(bench_peer *p);
/** Bytes of the peer's output array (every monthly series it stores). */
size_t bench_peer_bytes(const bench_peer *p);
/** Release a peer; NULL is a no-op. */
void bench_peer_free(bench_peer *p);

/* Agreement as MODEL.md §9 allows between two implementations. */
#define BENCH_AGREE_REL 1e-9
#define BENCH_AGREE_ABS 1e-3

typedef struct bench_check {
    size_t compared;     /* values compared */
    size_t headline;     /* of which staff_in_post, revenue_gap and waiting_list */
    double max_rel;      /* largest relative difference seen */
    char first[256];     /* the first difference, "" when every value agrees */
} bench_check;

/*
** Compare every monthly series the peer stores (all 21 group series, the
** finance series, the pressure and funding lines, the backlog series) with the
** model's result of the same plan. Returns 1 when every value agrees within
** BENCH_AGREE_REL relative or BENCH_AGREE_ABS absolute, else 0 with
** `check->first` naming the first difference (unit, group, series, period).
*/
int bench_peer_compare(const bench_peer *p, const gp_result *res, bench_check *check);

#endif
