/*
** core/mc_private.h (private): the Monte Carlo summary as the engine's files
** share it: mc_store.c lays it out and fills it, mc_run.c drives the
** iterations, mc_stats.c computes the statistics, mc_json.c writes it.
**
** A *cell* is one figure of one iteration's result that the summary tracks:
** a month of a headline series, or an FY figure of a flow. The store keeps
** every iteration's value of each cell, cell after cell
** (store[cell * iterations + i]), so a cell's values are contiguous for the
** statistics. A worker writes an iteration's cells into a row of its own
** (gp_mc_summary_keep) and moves a chunk of rows into the store at once
** (gp_mc_summary_store): written one iteration at a time, each cell would
** land in its own cache line and page, a cache and TLB miss per figure. FY figures of stocks are the closing month's value (MODEL.md
** §7), so they reuse that month's cell; with one unit the all-units figures
** are the unit's, so they reuse its cells too.
*/
#ifndef GP_MC_PRIVATE_H
#define GP_MC_PRIVATE_H

#include "gapplan/mc.h"

enum { GP_MC_KIND_GROUP, GP_MC_KIND_FINANCE, GP_MC_KIND_BACKLOG };

/* One headline series of one block. */
typedef struct gp_mc_series {
    size_t unit;        /* nunits: all units */
    int kind;           /* GP_MC_KIND_* */
    size_t group;       /* the block's index among the unit's group blocks (ngroups: total) */
    size_t index;       /* the series' index in its block */
    const char *name;   /* static */
    bool own;           /* false: its cells are another series' (all units of a one-unit plan) */
    size_t month_cell;  /* cells month_cell .. + months - 1 */
    size_t *fy_cells;   /* nfys cells */
    double *annual;     /* GP_MC_STATS * nfys: the FY statistics, filled at the end */
} gp_mc_series;

/* A block as the output shows it: a group (or total), finance or backlog. */
typedef struct gp_mc_block {
    char *id, *name;    /* a group's; NULL for finance and backlog */
    int kind;
    size_t first, count; /* its series: series[first .. first + count - 1] */
} gp_mc_block;

typedef struct gp_mc_unit {
    char *id, *name;
    gp_mc_block *blocks; /* groups, total, then finance and backlog when the unit has them */
    size_t nblocks;
    size_t ngroups;      /* group blocks, total included (0 for a system) */
    char **members;      /* a system's member unit ids; NULL for a unit and all units */
    size_t nmembers;
} gp_mc_unit;

struct gp_mc_summary {
    gp_calendar cal;
    size_t nunits, nsystems;
    gp_mc_unit *units;   /* nunits + 1 + nsystems: the units, all units, then each system (finance, backlog) */
    gp_mc_series *series;
    size_t nseries;
    size_t ncells, iterations;
    double *store;       /* ncells * iterations; freed once the statistics are made */
    size_t store_bytes;
    double *stats;       /* GP_MC_STATS * ncells: stats[stat * ncells + cell] */
};

/* A summary laid out for `plan` and `iterations` with its store allocated; NULL on out-of-memory. */
gp_mc_summary *gp_mc_summary_new(const gp_plan *plan, size_t iterations);
/* Copy the headline figures of `res` (a result of a plan of the summary's shape) into row[0 .. ncells - 1]. */
void gp_mc_summary_keep(const gp_mc_summary *s, const gp_result *res, double *row);
/* Move `count` rows (ncells each) of iterations first, first + 1, ... into the store. */
void gp_mc_summary_store(gp_mc_summary *s, const double *rows, size_t first, size_t count);
/* The statistics of cells first .. last - 1 (the store's values of them are reordered). */
void gp_mc_summary_stats(gp_mc_summary *s, size_t first, size_t last);
/* The FY statistics from the cells' and free the store. */
void gp_mc_summary_finish(gp_mc_summary *s);

#endif
