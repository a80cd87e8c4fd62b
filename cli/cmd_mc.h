/*
** cli/cmd_mc.h: what the uncertainty commands (mc, sensitivity, solve)
** share: the plan with its `ranges`, the scenarios, the list of uncertain
** inputs, and one evaluation of the plan at given input values
** (cmd_mc_inputs.c).
**
** An uncertain input is a plan input named in `ranges`, or a scenario param
** that declares low/high (a `ranges` entry with "param" may set or override
** them). A param fixed with --set is not uncertain: the user chose its value.
**
** Ownership: gp_uncertain_open fills a gp_uncertain that owns the plan, its
** text, the ranges and a scenario set; gp_uncertain_close releases it. Each
** worker thread of mc loads a scenario set of its own (gp_uncertain_load_set),
** as a Lua scenario must not be used by two threads at once.
*/
#ifndef GP_CLI_CMD_MC_H
#define GP_CLI_CMD_MC_H

#include "gapplan/mc.h"
#include "plugins.h"

/* Bytes of an input's name: "scenario-id.param". */
#define GP_UNC_NAME_SIZE (2 * GP_ID_MAX + 2)

/* One uncertain (or varied) input. */
typedef struct gp_unc_input {
    char name[GP_UNC_NAME_SIZE];
    const gp_mc_range *range;  /* a plan input, or NULL for a scenario param */
    size_t entry;              /* a scenario param: its scenario's place among the -s */
    const char *param;         /* its name (owned by that scenario) */
    bool integer;              /* an integer param: values are rounded */
    gp_mc_input spec;          /* distribution and range for sampling; spec.name is `name` */
    double value0;             /* its default: the plan's value or the param's default */
} gp_unc_input;

typedef struct gp_uncertain {
    const char *plan_file, *command;
    char *text;                /* the plan file's bytes, read once */
    size_t len;
    char sha256[65];
    gp_plan *plan;
    gp_mc_ranges *ranges;
    gp_plugin_args args;
    gp_scenario_set set;       /* the caller's thread's scenarios */
    gp_unc_input inputs[GP_MC_INPUTS_MAX];
    size_t ninputs;
    gp_mc_corr corr[GP_MC_INPUTS_MAX * GP_MC_INPUTS_MAX / 2];
    size_t ncorr;
} gp_uncertain;

/*
** Read and check everything before any run: the scenarios and --set (usage
** errors: exit 2), the plan file (3 invalid, 1 unreadable), its ranges (3),
** the scenarios' params named in `ranges` (2). Returns an exit status; `u`
** is always safe to close.
*/
int gp_uncertain_open(gp_uncertain *u, const char *plan_file, const gp_plugin_args *args, const char *command);
void gp_uncertain_close(gp_uncertain *u);

/* Load a scenario set like u's (for a worker thread); an exit status, with nothing printed on success. */
int gp_uncertain_load_set(const gp_uncertain *u, gp_scenario_set *set);

/* The input named `name` ("scenario.param" or a range's id), or NULL. */
const gp_unc_input *gp_uncertain_find(const gp_uncertain *u, const char *name);

/*
** Describe input `in` for a param of the applied scenarios (entry, param):
** fills name, entry, param, integer, value0 and spec from the plugin's
** declaration. False when there is no such numeric param.
*/
bool gp_uncertain_param_input(const gp_uncertain *u, const char *scenario, const char *param, gp_unc_input *in);

/*
** Run the plan once: `plan` (a copy of u's plan, edited in place) with
** inputs[i] set to values[i] (a NaN leaves that input as it is), the
** scenarios of `set` applied with their --set overrides and those values,
** the model run with their policies. *out is the result (the caller frees
** it). On failure the plan may be half edited.
*/
gp_error gp_uncertain_eval(const gp_uncertain *u, gp_scenario_set *set, gp_plan *plan, const gp_unc_input *inputs,
                           const double *values, size_t n, gp_result **out, gp_diag *diag);

/*
** A figure of a result named as SERIES[@PERIOD]: SERIES is UNIT.GROUP.NAME
** ("england.nurses.vacancy_rate", GROUP may be "total") or UNIT.NAME for a
** finance or backlog series ("england.revenue_gap"), UNIT may be
** "all_units"; PERIOD a month ("2025-03": that month's value) or an FY
** ("2024/25": the FY figure, a sum for flows, the closing value for stocks).
** Without a period it is the last FY's figure.
*/
typedef struct gp_unc_metric {
    char text[160];
    size_t unit;               /* the plan's nunits: all units */
    int kind;                  /* 0 a group, 1 finance, 2 backlog */
    char group[GP_ID_MAX + 1]; /* a group's id or "total" */
    size_t series;             /* index in its block */
    bool annual;
    int period;                /* month or FY index */
} gp_unc_metric;

/* Parse `text` (option `option` in messages) against u's plan; false after printing the usage error. */
bool gp_uncertain_metric_parse(const gp_uncertain *u, const char *option, const char *text, gp_unc_metric *m);
/* The metric's value in `res`. */
double gp_uncertain_metric_value(const gp_unc_metric *m, const gp_result *res);

/* The provenance of a run of u: plan, command line and each scenario's info after `set`'s last run. */
void gp_uncertain_run_info(const gp_uncertain *u, gp_scenario_set *set, const char *command_line,
                           gp_scenario_info *infos, gp_run_info *info);

/* Print a failed run's diag (or the error's name when it is empty); returns the exit status. */
int gp_uncertain_report(gp_error err, const gp_diag *diag);

#endif
