/*
** gapplan/mc.h: the uncertainty tools' engine: sampling uncertain inputs,
** a plan's `ranges` block, Monte Carlo runs over threads and their
** percentile summaries (DESIGN.md, issue "Uncertainty and decisions").
**
** The engine knows nothing of Lua, as the model does not: an uncertain input
** is either a plan input named by the plan's `ranges` block, which the engine
** sets itself, or an *external* input (a scenario param) whose value it hands
** to the caller's hooks with the plan copy to run. The command's hooks apply
** the Lua scenarios, each worker thread with scenarios of its own.
**
** Determinism: iteration i draws its inputs from a random stream of its own,
** made from (seed, i) alone, and its results go to slot i of the store, so
** the same seed gives the same summaries bit for bit whatever the number of
** threads and whatever order the threads finish in.
**
** Memory: each worker holds one plan copy and one result at a time; what
** grows with the number of iterations N is the store of headline figures
** only: one double per iteration for each monthly and FY figure of the
** headline series (gp_mc_summary_store_bytes). Percentiles are exact on it.
**
** Ownership: every _new/_load has a _free that takes NULL. A sampler copies
** its inputs; ranges and summaries own everything inside them. A summary
** borrows nothing from the plan or results it was made from.
*/
#ifndef GAPPLAN_MC_H
#define GAPPLAN_MC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gapplan/error.h"
#include "gapplan/output.h"
#include "gapplan/plan.h"
#include "gapplan/result.h"

/* Uncertain inputs in one analysis (plan ranges and scenario params together). */
#define GP_MC_INPUTS_MAX 64
/* Iterations of one Monte Carlo run: 10^6 of the England example store about 20 GB of headline figures. */
#define GP_MC_ITERATIONS_MAX 1000000
/* Worker threads of one run. */
#define GP_MC_THREADS_MAX 64
/* Entries of a plan's `ranges` block. */
#define GP_MC_RANGES_MAX GP_MC_INPUTS_MAX

/* ---- distributions and sampling (mc_sample.c) ------------------------------------------- */

typedef enum gp_mc_dist {
    GP_MC_UNIFORM,    /* flat between low and high */
    GP_MC_TRIANGULAR, /* rising from low to mode, falling to high */
} gp_mc_dist;

/** The distribution named `name` ("uniform", "triangular"); false when it is neither. */
bool gp_mc_dist_parse(const char *name, gp_mc_dist *out);
/** "uniform" or "triangular". */
const char *gp_mc_dist_name(gp_mc_dist d);

/* One uncertain input. */
typedef struct gp_mc_input {
    const char *name;  /* a range's id, or "scenario.param" (borrowed) */
    gp_mc_dist dist;
    double low, mode, high; /* low <= mode <= high; mode is used by triangular only */
    const struct gp_mc_range *range; /* a plan input the engine sets; NULL: an external input for the hooks */
} gp_mc_input;

/** The value of `in` at cumulative probability u in [0, 1] (the inverse of its distribution function). */
double gp_mc_quantile(const gp_mc_input *in, double u);

/* A rank (Spearman) correlation declared between inputs a and b (indices into the inputs). */
typedef struct gp_mc_corr {
    size_t a, b;
    double rank; /* in [-1, 1] */
} gp_mc_corr;

typedef struct gp_mc_sampler gp_mc_sampler;

/*
** A sampler of `n` inputs (copied, names borrowed) with the rank
** correlations `corr` drawn through a Gaussian copula: each rank correlation
** rho becomes the normal correlation 2 sin(pi rho / 6), whose matrix must be
** positive definite. GP_ERR_INVALID with a diag (file `file`) naming the
** inputs when the correlations cannot hold together or one is out of range.
*/
gp_error gp_mc_sampler_new(const gp_mc_input *inputs, size_t n, const gp_mc_corr *corr, size_t ncorr,
                           const char *file, gp_mc_sampler **out, gp_diag *diag);
void gp_mc_sampler_free(gp_mc_sampler *s);
size_t gp_mc_sampler_count(const gp_mc_sampler *s);
const gp_mc_input *gp_mc_sampler_input(const gp_mc_sampler *s, size_t i);
/** The inputs of iteration `iteration` into out[0 .. count-1]: a pure function of (seed, iteration). */
void gp_mc_sample(const gp_mc_sampler *s, uint64_t seed, uint64_t iteration, double *out);

/* ---- a plan's `ranges` block (mc_ranges.c) ------------------------------------------------ */

/*
** One entry of `ranges`. A plan input: {"id"?, "path", "low", "high",
** "dist"?, "mode"?, "from"?, "correlations"?}, the path as
** "units[0].groups[1].leaver_rate" or by ids "england.nurses.leaver_rate"
** ("england.finance.non_pay", "england.finance.capital.envelope",
** "england.backlog.referrals"); a sampled value replaces a schedule from
** `from` (a month label; default the first month) to the end, or a number
** field. A scenario param: {"param": "scenario.param", low/high/dist/mode
** overriding the plugin's, "correlations"?}. "correlations" maps other
** entries' ids, or "scenario.param" names, to rank correlations.
*/
typedef struct gp_mc_range {
    const char *id;       /* the given id, else the path or param */
    const char *path;     /* NULL for a scenario param */
    const char *param;    /* "scenario.param", NULL for a plan input */
    bool has_low, has_high, has_dist, has_mode;
    double low, high, mode;
    gp_mc_dist dist;      /* GP_MC_UNIFORM when not given */
    size_t index;         /* its place in the block */
    /* where a plan input lives (resolved against the plan it was loaded with) */
    size_t unit, group;   /* group is meaningful for group fields */
    int block;            /* 0 group, 1 finance, 2 capital, 3 backlog */
    const gp_field *field;
    int from;             /* first period set */
} gp_mc_range;

/* A correlation as written: between the entry `entry` and the id or param `other`. */
typedef struct gp_mc_range_corr {
    size_t entry;
    const char *other;
    double rank;
} gp_mc_range_corr;

typedef struct gp_mc_ranges gp_mc_ranges;

/*
** Read the `ranges` block of the plan text `data` (the same bytes `plan` was
** loaded from, named `file`), resolving paths against `plan`. A plan without
** the block gives an empty set. GP_ERR_INVALID with every problem in the
** diag ("plan.json: ranges[0].path: ..."), GP_ERR_NOMEM.
*/
gp_error gp_mc_ranges_load(const gp_plan *plan, const char *data, size_t len, const char *file,
                           gp_mc_ranges **out, gp_diag *diag);
void gp_mc_ranges_free(gp_mc_ranges *r);
size_t gp_mc_ranges_count(const gp_mc_ranges *r);
const gp_mc_range *gp_mc_ranges_get(const gp_mc_ranges *r, size_t i);
size_t gp_mc_ranges_corr_count(const gp_mc_ranges *r);
const gp_mc_range_corr *gp_mc_ranges_corr(const gp_mc_ranges *r, size_t i);
/** The entry whose id is `id`, or NULL. */
const gp_mc_range *gp_mc_ranges_find(const gp_mc_ranges *r, const char *id);
/** The plan input's value at period 0 as the plan holds it (the "default" of sensitivity). */
double gp_mc_range_value(const gp_mc_range *r, const gp_plan *plan);
/*
** Set a plan input to `value` in `plan` (a plan of the same shape as the one
** the ranges were loaded with). GP_ERR_INVALID with a diag when the value
** breaks bank_fill + agency_fill <= 1 in some month.
*/
gp_error gp_mc_range_apply(const gp_mc_range *r, gp_plan *plan, double value, const char *file, gp_diag *diag);

/* ---- plan copies (mc_plan_copy.c) --------------------------------------------------------- */

/*
** A deep copy of `plan` with an arena of its own, so a worker can apply
** scenarios to it and throw it away; strings are shared with `src`, which
** must outlive the copy. NULL on out-of-memory. Free with gp_plan_free().
*/
gp_plan *gp_mc_plan_copy(const gp_plan *src);

/* ---- runs and summaries (mc_run.c, mc_store.c) ---------------------------------------------- */

/* The caller's part of each iteration, called on worker threads. */
typedef struct gp_mc_hooks {
    void *ctx;
    /* Make a worker's own state (its own Lua scenarios) into *tctx; NULL: no state. */
    gp_error (*open)(void *ctx, void **tctx, gp_diag *diag);
    /*
    ** Apply the external inputs (values[i] for input i with range == NULL) to
    ** `plan`, whose plan inputs are already set, and run the model. NULL:
    ** gp_model_run on the plan.
    */
    gp_error (*run)(void *tctx, gp_plan *plan, const double *values, gp_result **out, gp_diag *diag);
    void (*close)(void *tctx);
} gp_mc_hooks;

/* Called on the caller's thread about ten times a second with the iterations done. */
typedef void (*gp_mc_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct gp_mc_options {
    size_t iterations;          /* 1 .. GP_MC_ITERATIONS_MAX */
    uint64_t seed;
    int threads;                /* 1 .. GP_MC_THREADS_MAX */
    gp_mc_progress_fn progress; /* may be NULL */
    void *progress_ctx;
} gp_mc_options;

/* The statistics of each summarised figure, in this order. */
enum gp_mc_stat { GP_MC_P5, GP_MC_P10, GP_MC_P50, GP_MC_P90, GP_MC_P95, GP_MC_MEAN, GP_MC_STATS };
/** The statistic's key: "p5", "p10", "p50", "p90", "p95", "mean". */
const char *gp_mc_stat_name(int stat);
/*
** The statistics of n values (n >= 1) into out[GP_MC_STATS]: the mean (summed
** in the given order) and the percentiles by linear interpolation between
** order statistics (numpy's default): P = x[k] + (h - k)(x[k+1] - x[k]) with
** h = (n - 1) p / 100, k = floor(h), x sorted. The values are reordered.
*/
void gp_mc_stats(double *values, size_t n, double out[GP_MC_STATS]);

typedef struct gp_mc_summary gp_mc_summary;

/*
** Run `opts->iterations` iterations on `opts->threads` threads: each copies
** `plan`, sets the inputs drawn by `sampler`, calls the hooks and keeps the
** headline series of its result. On failure *out is NULL and the diag holds
** the error of the lowest failing iteration, prefixed "iteration N: ".
*/
gp_error gp_mc_run(const gp_plan *plan, const gp_mc_sampler *sampler, const gp_mc_hooks *hooks,
                   const gp_mc_options *opts, gp_mc_summary **out, gp_diag *diag);
void gp_mc_summary_free(gp_mc_summary *s);
size_t gp_mc_summary_iterations(const gp_mc_summary *s);
/** Bytes of the store of headline figures (the part that grows with the iterations). */
size_t gp_mc_summary_store_bytes(const gp_mc_summary *s);
/** The headline series' names in a group, finance and backlog block ("vacancies", ...); NULL-terminated. */
extern const char *const gp_mc_group_series[];
extern const char *const gp_mc_finance_series[];
extern const char *const gp_mc_backlog_series[];
/*
** The statistic `stat` of series `series` (a name of the lists above) of
** unit `unit` (nunits for all units, nunits + 1 + k for the plan's system k)
** and block `block` ("total", a group id, "finance" or "backlog"), monthly
** (annual false, one value a period) or by FY: a pointer to its values, or
** NULL when there is no such series.
*/
const double *gp_mc_summary_get(const gp_mc_summary *s, size_t unit, const char *block, const char *series,
                                bool annual, int stat);

/* Provenance of a Monte Carlo run for its output. */
typedef struct gp_mc_info {
    const gp_run_info *run;      /* plan, file, sha256, command line, scenarios */
    const gp_mc_sampler *sampler;
    const gp_mc_corr *corr;      /* the correlations drawn */
    size_t ncorr;
    uint64_t seed;
    int threads;
} gp_mc_info;

/*
** Write the summary as JSON: the head of a result file, "monte_carlo"
** {iterations, seed, inputs, correlations}, then units and all_units laid out
** as a result file's with each headline series an object of arrays
** {p5, p10, p50, p90, p95, mean}. GP_ERR_IO when a write failed.
*/
gp_error gp_mc_write_json(const gp_mc_summary *s, const gp_mc_info *info, FILE *out);

/*
** Write the summary as a workbook at `path` (not standard output), through a
** temporary file as the board pack is: "Fan charts" (all units' headline
** series, P5-P95 and P10-P90 bands meeting at the median), "Monthly" (those series'
** percentiles by month and the charts' bands as formulas), "Annual" (every
** series' FY statistics) and "Inputs" (what was drawn, the correlations,
** provenance). GP_ERR_IO (diag filled) when the file cannot be written.
*/
gp_error gp_mc_write_xlsx(const gp_mc_summary *s, const gp_mc_info *info, const char *path, gp_diag *diag);

#endif
