/*
** gapplan/output.h: writing results (JSON, CSV) and writing any output file
** safely.
**
** Every output goes to a temporary file in the target's folder and is renamed
** into place only once it is complete, so a failed or interrupted run leaves
** an existing output untouched (DESIGN.md, "The command").
**
** Ownership: a gp_outfile is owned by whoever opened it and ends with exactly
** one of gp_outfile_commit() or gp_outfile_abort(), which free it.
*/
#ifndef GAPPLAN_OUTPUT_H
#define GAPPLAN_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "gapplan/error.h"
#include "gapplan/result.h"

/* ---- provenance carried into every output ------------------------------------------- */

typedef struct gp_param_value {
    const char *name;
    const char *json;   /* the value as JSON text: 1.5, "2022-04", true */
} gp_param_value;

/*
** A figure a plugin's `metrics` computed from the results: one value, or one
** per FY of the result (annual != NULL, nannual == the result's nfys).
*/
typedef struct gp_metric_value {
    const char *name;
    const char *unit;          /* "" when not given */
    const char *doc;           /* "" when not given */
    double value;              /* when annual is NULL */
    const double *annual;      /* NULL: a single figure */
    size_t nannual;
} gp_metric_value;

/* A scenario file another scenario's use() ran: its id, file and hex SHA-256 (provenance of a run). */
typedef struct gp_used_file {
    const char *id;
    const char *file;
    const char *sha256;
} gp_used_file;

typedef struct gp_scenario_info {
    const char *id;
    const char *title;
    const char *source;
    const char *file;        /* the plugin file, or NULL */
    const char *sha256;      /* hex SHA-256 of the plugin file, or NULL */
    const gp_param_value *params;
    size_t nparams;
    bool has_seed;           /* the seed math.random had, when the scenario ran Lua */
    long long seed;
    const gp_metric_value *metrics;
    size_t nmetrics;
    const gp_used_file *uses; /* the scenarios its use() loaded in its last apply, each once */
    size_t nuses;
} gp_scenario_info;

typedef struct gp_run_info {
    const char *plan_name;
    const char *plan_file;     /* NULL when unknown */
    const char *plan_sha256;   /* hex, or NULL */
    const char *command_line;  /* NULL when unknown */
    const gp_scenario_info *scenarios;
    size_t nscenarios;
    bool has_seconds;          /* how long the run took (load, plugins, model), when recorded */
    double seconds;            /* (not when SOURCE_DATE_EPOCH asks for a reproducible output) */
} gp_run_info;

/* ---- result writers ---------------------------------------------------------------------- */

/*
** Write the result file (DESIGN.md "Result file") to `out`. Numbers round-trip
** a double. Returns GP_OK, or GP_ERR_IO when a write failed (the caller aborts
** the output file).
*/
gp_error gp_result_write_json(const gp_result *res, const gp_run_info *info, FILE *out);

/* One run of a comparison: its name ("baseline", a scenario id, "all"), result and provenance. */
typedef struct gp_named_run {
    const char *name;
    const gp_result *result;
    const gp_run_info *info;
} gp_named_run;

/*
** Write a comparison (`gapplan compare`): the head of a result file from
** runs[0]'s provenance, the calendar, then "runs": [{name, scenarios, units,
** all_units}, ...] with each run laid out as in a result file. Every run must
** share runs[0]'s calendar (GP_ERR_ARGUMENT otherwise). GP_ERR_IO when a
** write failed.
*/
gp_error gp_compare_write_json(const gp_named_run *runs, size_t nruns, FILE *out);

/*
** Write one tidy long table with the header
**   unit,group,block,series,period,value
** one row per value: monthly rows have a "YYYY-MM" period, annual rows an
** "YYYY/YY" period (stock series also give "<name>_mean" rows). `group` is the
** group id (or "total") for workforce rows, empty for the unit's blocks;
** `block` is workforce, finance, pressures, funding or backlog; for pressure
** and funding lines `series` is the line's name. Fields are quoted as RFC 4180
** requires; a text field that starts with =, +, - or @ is prefixed with a
** single quote so a spreadsheet never reads it as a formula.
*/
gp_error gp_result_write_csv(const gp_result *res, FILE *out);

/* ---- safe output files -------------------------------------------------------------------- */

typedef struct gp_outfile gp_outfile;

/*
** Open a temporary file beside `path` (same folder, so the rename is atomic).
** `path` "-" means standard output, written directly. Problems go to `diag`
** naming `path`; returns GP_ERR_IO then.
*/
gp_error gp_outfile_open(const char *path, gp_outfile **out, gp_diag *diag);
/** The stream to write to. */
FILE *gp_outfile_stream(gp_outfile *of);
/** The temporary file's path (for writers that want a file name), or NULL for standard output. */
const char *gp_outfile_temp_path(const gp_outfile *of);
/*
** Flush, sync, close and rename the temporary file into place. Any failure
** (a full disk surfaces here) removes the temporary file, leaves the target
** untouched and returns GP_ERR_IO with a diag. Frees `of`.
*/
gp_error gp_outfile_commit(gp_outfile *of, gp_diag *diag);
/** Close and remove the temporary file, leaving the target untouched. Frees `of`; NULL is a no-op. */
void gp_outfile_abort(gp_outfile *of);

/*
** Remove every temporary file still open. Async-signal-safe: a SIGINT or
** SIGTERM handler calls it before the process dies.
*/
void gp_outfile_cleanup_on_signal(void);

#endif
