/*
** cli/cmd_mc_inputs.c: the uncertain inputs of a plan and its scenarios,
** and one run of the plan at given values of them (cmd_mc.h), for mc,
** sensitivity and solve.
**
** Everything that can be checked is checked before the first run, so a
** 10,000-iteration run never fails at iteration 9,999 over a typo: scenario
** and param names (usage errors, exit 2), the plan and its ranges (exit 3).
** A range or correlation that names a scenario not applied with -s is
** reported as a note and left out: a plan carries ranges for the scenarios
** it is meant to be run with, not all of them at once.
*/
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_mc.h"
#include "exit_codes.h"
#include "gapplan/hash.h"
#include "gapplan/model.h"
#include "gapplan/text.h"

/* Largest plan file read (as the loader's own limit). */
#define PLAN_MAX_BYTES ((size_t)512 << 20)

/* Read the plan's bytes once: the loader and the ranges read the same text, and the hash is of it. */
static int read_plan(gp_uncertain *u) {
    FILE *f = fopen(u->plan_file, "rb");
    size_t cap = 1 << 16, n = 0;
    char *buf = NULL;
    if (!f)
        goto fail;
    if (!(buf = malloc(cap)))
        goto fail;
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *more = cap < PLAN_MAX_BYTES ? realloc(buf, 2 * cap) : NULL;
        if (!more) {
            errno = cap < PLAN_MAX_BYTES ? ENOMEM : EFBIG;
            goto fail;
        }
        buf = more;
        cap *= 2;
    }
    if (ferror(f))
        goto fail;
    fclose(f);
    u->text = buf;
    u->len = n;
    gp_sha256_buffer(buf, n, u->sha256);
    return GP_EXIT_OK;

fail:
    gp_cli_error("cannot read %s: %s", u->plan_file, strerror(errno ? errno : EIO));
    free(buf);
    if (f)
        fclose(f);
    return GP_EXIT_FAILURE;
}

/* The place of scenario `id` among the applied ones, or set->count. */
static size_t entry_of(const gp_scenario_set *set, const char *id) {
    size_t k = 0;
    while (k < set->count && strcmp(gp_lua_scenario_id(set->entries[k].scenario), id) != 0)
        k++;
    return k;
}

/* True when --set fixes param `param` of entry k. */
static bool fixed(const gp_scenario_set *set, size_t k, const char *param) {
    for (size_t i = 0; i < set->entries[k].nsettings; i++)
        if (strcmp(set->entries[k].settings[i].param, param) == 0)
            return true;
    return false;
}

bool gp_uncertain_param_input(const gp_uncertain *u, const char *scenario, const char *param, gp_unc_input *in) {
    size_t k = entry_of(&u->set, scenario);
    if (k == u->set.count)
        return false;
    const gp_lua_param *p = gp_lua_scenario_find_param(u->set.entries[k].scenario, param);
    if (!p || (p->type != GP_PARAM_NUMBER && p->type != GP_PARAM_INTEGER))
        return false;
    memset(in, 0, sizeof *in);
    snprintf(in->name, sizeof in->name, "%s.%s", scenario, p->name);
    in->entry = k;
    in->param = p->name;
    in->integer = p->type == GP_PARAM_INTEGER;
    in->value0 = strtod(p->default_json, NULL);
    in->spec.name = in->name;
    if (p->has_range) {
        in->spec.low = p->low;
        in->spec.high = p->high;
        if (!gp_mc_dist_parse(p->dist, &in->spec.dist))
            in->spec.dist = GP_MC_UNIFORM;
    } else {
        in->spec.low = p->has_min ? p->min : in->value0;
        in->spec.high = p->has_max ? p->max : in->value0;
    }
    in->spec.mode = fmin(fmax(in->value0, in->spec.low), in->spec.high);
    return true;
}

const gp_unc_input *gp_uncertain_find(const gp_uncertain *u, const char *name) {
    for (size_t i = 0; i < u->ninputs; i++)
        if (strcmp(u->inputs[i].name, name) == 0)
            return &u->inputs[i];
    return NULL;
}

/* "gapplan: note: plan.json: ranges[2]: ..." for a range that this run leaves out. */
static void note(const gp_uncertain *u, const gp_mc_range *r, const char *fmt, ...) GP_PRINTF(3, 4);
static void note(const gp_uncertain *u, const gp_mc_range *r, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "gapplan: note: %s: ranges[%zu]: ", u->plan_file, r->index);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int too_many(const gp_uncertain *u) {
    gp_cli_error("%s: more than %d uncertain inputs: fix some with --set or remove ranges", u->plan_file,
                 GP_MC_INPUTS_MAX);
    return GP_EXIT_USAGE;
}

/* The scenarios' own uncertain params, in -s order, then param order; none fixed by --set. */
static int scenario_inputs(gp_uncertain *u) {
    for (size_t k = 0; k < u->set.count; k++) {
        const gp_lua_scenario *sc = u->set.entries[k].scenario;
        for (size_t i = 0; i < gp_lua_scenario_param_count(sc); i++) {
            const gp_lua_param *p = gp_lua_scenario_param(sc, i);
            if (!p->has_range || fixed(&u->set, k, p->name))
                continue;
            if (u->ninputs == GP_MC_INPUTS_MAX)
                return too_many(u);
            if (gp_uncertain_param_input(u, gp_lua_scenario_id(sc), p->name, &u->inputs[u->ninputs]))
                u->ninputs++;
        }
    }
    return GP_EXIT_OK;
}

/* A `ranges` entry with "param": its range replaces the plugin's, or makes the param uncertain. */
static int param_entry(gp_uncertain *u, const gp_mc_range *r) {
    char scenario[GP_UNC_NAME_SIZE];
    const char *dot = strchr(r->param, '.');
    snprintf(scenario, sizeof scenario, "%.*s", (int)(dot - r->param), r->param);
    size_t k = entry_of(&u->set, scenario);
    if (k == u->set.count) {
        note(u, r, "scenario %s is not applied (-s %s), so this range is not used", scenario, scenario);
        return GP_EXIT_OK;
    }
    if (fixed(&u->set, k, dot + 1)) {
        note(u, r, "%s is fixed with --set, so it is not sampled", r->param);
        return GP_EXIT_OK;
    }
    gp_unc_input *in = (gp_unc_input *)gp_uncertain_find(u, r->param), fresh;
    if (!in) {
        if (!gp_uncertain_param_input(u, scenario, dot + 1, &fresh)) {
            gp_cli_error("%s: ranges[%zu].param: scenario %s has no number param '%s'", u->plan_file, r->index,
                         scenario, dot + 1);
            return GP_EXIT_INVALID;
        }
        if (!(r->has_low && r->has_high) &&
            !gp_lua_scenario_find_param(u->set.entries[k].scenario, dot + 1)->has_range) {
            gp_cli_error("%s: ranges[%zu]: %s declares no low and high: give both here", u->plan_file, r->index,
                         r->param);
            return GP_EXIT_INVALID;
        }
        if (u->ninputs == GP_MC_INPUTS_MAX)
            return too_many(u);
        u->inputs[u->ninputs] = fresh;
        in = &u->inputs[u->ninputs++];
        in->spec.name = in->name;
    }
    if (r->has_low)
        in->spec.low = r->low;
    if (r->has_high)
        in->spec.high = r->high;
    if (r->has_dist)
        in->spec.dist = r->dist;
    in->spec.mode = r->has_mode ? r->mode : fmin(fmax(in->value0, in->spec.low), in->spec.high);
    if (in->spec.low > in->spec.high) {
        gp_cli_error("%s: ranges[%zu]: low %g is above high %g for %s", u->plan_file, r->index, in->spec.low,
                     in->spec.high, r->param);
        return GP_EXIT_INVALID;
    }
    return GP_EXIT_OK;
}

/* The input an id in `ranges` stands for: the entry's own (plan input or param), or a SCENARIO.PARAM. */
static const gp_unc_input *named(const gp_uncertain *u, const char *name) {
    const gp_mc_range *r = gp_mc_ranges_find(u->ranges, name);
    if (r)
        return gp_uncertain_find(u, r->param ? r->param : r->id);
    return gp_uncertain_find(u, name);
}

static int correlations(gp_uncertain *u) {
    for (size_t k = 0; k < gp_mc_ranges_corr_count(u->ranges); k++) {
        const gp_mc_range_corr *c = gp_mc_ranges_corr(u->ranges, k);
        const gp_mc_range *r = gp_mc_ranges_get(u->ranges, c->entry);
        const gp_unc_input *a = named(u, r->id), *b = named(u, c->other);
        if (!a || !b) {
            note(u, r, "the correlation with %s is not used: %s is not uncertain in this run", c->other,
                 a ? c->other : r->id);
            continue;
        }
        if (u->ncorr == sizeof u->corr / sizeof u->corr[0]) {
            gp_cli_error("%s: more than %zu correlations between the uncertain inputs", u->plan_file, u->ncorr);
            return GP_EXIT_INVALID;
        }
        u->corr[u->ncorr++] = (gp_mc_corr){(size_t)(a - u->inputs), (size_t)(b - u->inputs), c->rank};
    }
    return GP_EXIT_OK;
}

int gp_uncertain_open(gp_uncertain *u, const char *plan_file, const gp_plugin_args *args, const char *command) {
    gp_diag diag;
    gp_error err;
    int rc;

    memset(u, 0, sizeof *u);
    u->plan_file = plan_file;
    u->command = command;
    u->args = *args;
    if ((rc = gp_scenario_set_load(&u->set, args, command)) != GP_EXIT_OK || (rc = read_plan(u)) != GP_EXIT_OK)
        return rc;
    gp_diag_init(&diag);
    err = gp_plan_load_buffer(u->text, u->len, plan_file, &u->plan, &diag);
    if (err == GP_OK)
        err = gp_mc_ranges_load(u->plan, u->text, u->len, plan_file, &u->ranges, &diag);
    rc = gp_uncertain_report(err, &diag);
    gp_diag_free(&diag);
    if (rc != GP_EXIT_OK)
        return rc;
    for (size_t i = 0; i < gp_mc_ranges_count(u->ranges); i++) {
        const gp_mc_range *r = gp_mc_ranges_get(u->ranges, i);
        if (!r->path)
            continue;
        if (u->ninputs == GP_MC_INPUTS_MAX)
            return too_many(u);
        gp_unc_input *in = &u->inputs[u->ninputs++];
        snprintf(in->name, sizeof in->name, "%s", r->id);
        in->range = r;
        in->value0 = gp_mc_range_value(r, u->plan);
        in->spec = (gp_mc_input){in->name, r->dist, r->low, r->mode, r->high, r};
    }
    if ((rc = scenario_inputs(u)) != GP_EXIT_OK)
        return rc;
    for (size_t i = 0; i < gp_mc_ranges_count(u->ranges); i++)
        if (gp_mc_ranges_get(u->ranges, i)->param && (rc = param_entry(u, gp_mc_ranges_get(u->ranges, i))))
            return rc;
    return correlations(u);
}

void gp_uncertain_close(gp_uncertain *u) {
    gp_scenario_set_free(&u->set);
    gp_mc_ranges_free(u->ranges);
    gp_plan_free(u->plan);
    free(u->text);
    memset(u, 0, sizeof *u);
}

int gp_uncertain_load_set(const gp_uncertain *u, gp_scenario_set *set) {
    return gp_scenario_set_load(set, &u->args, u->command);
}

/* A value as a param's override text. */
static void value_text(const gp_unc_input *in, double v, char *buf, size_t size) {
    if (in->integer)
        snprintf(buf, size, "%.0f", round(v));
    else
        snprintf(buf, size, "%.17g", v);
}

gp_error gp_uncertain_eval(const gp_uncertain *u, gp_scenario_set *set, gp_plan *plan, const gp_unc_input *inputs,
                           const double *values, size_t n, gp_result **out, gp_diag *diag) {
    gp_lua_setting settings[2 * GP_CLI_LIST_MAX];
    char text[GP_MC_INPUTS_MAX][32];
    gp_lua_scenario *run[GP_CLI_LIST_MAX];
    gp_error err = GP_OK;

    *out = NULL;
    for (size_t i = 0; i < n && err == GP_OK; i++)
        if (inputs[i].range && !isnan(values[i]))
            err = gp_mc_range_apply(inputs[i].range, plan, values[i], u->plan_file, diag);
    for (size_t k = 0; k < set->count && err == GP_OK; k++) {
        gp_scenario_entry *e = &set->entries[k];
        size_t ns = e->nsettings;
        memcpy(settings, e->settings, ns * sizeof *settings);
        for (size_t i = 0; i < n && i < GP_MC_INPUTS_MAX; i++)
            if (!inputs[i].range && inputs[i].entry == k && !isnan(values[i]) && ns < 2 * GP_CLI_LIST_MAX) {
                value_text(&inputs[i], values[i], text[i], sizeof text[i]);
                settings[ns++] = (gp_lua_setting){inputs[i].param, text[i]};
            }
        err = gp_lua_scenario_apply(e->scenario, plan, settings, ns, diag);
        run[k] = e->scenario;
    }
    if (err == GP_OK)
        err = gp_lua_run_model(run, set->count, plan, out, diag);
    return err;
}

/* ---- metrics --------------------------------------------------------------------------------------- */

/* The index of `name` in a series table, or -1. */
static int series_named(const gp_series_info *info, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(info[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* True when unit `unit` (nunits: any unit) has a group `id`, a finance block (kind 1) or a backlog (kind 2). */
static bool unit_has(const gp_plan *plan, size_t unit, int kind, const char *id) {
    for (size_t v = unit < plan->nunits ? unit : 0; v < (unit < plan->nunits ? unit + 1 : plan->nunits); v++) {
        const gp_unit *un = &plan->units[v];
        if ((kind == 0 && id && (strcmp(id, "total") == 0 || gp_unit_find_group(un, id))) ||
            (kind == 1 && un->finance) || (kind == 2 && un->backlog))
            return true;
    }
    return false;
}

/* The index of the plan's system `id`, or -1. */
static int system_named(const gp_plan *plan, const char *id) {
    for (size_t k = 0; k < plan->nsystems; k++)
        if (strcmp(plan->systems[k].id, id) == 0)
            return (int)k;
    return -1;
}

/* True when a member of system k has a finance block (kind 1) or a backlog (kind 2): the system has it too. */
static bool system_has(const gp_plan *plan, size_t k, int kind) {
    const gp_system *sys = &plan->systems[k];
    for (size_t i = 0; i < sys->nmembers; i++)
        if ((kind == 1 && plan->units[sys->members[i]].finance) || (kind == 2 && plan->units[sys->members[i]].backlog))
            return true;
    return false;
}

/*
** SYSTEM.SERIES: a system's finance or backlog series, its transfers included (pool, moved, ...); its unit is
** past all units (nunits + 1 + k).
*/
static bool system_metric(const gp_uncertain *u, const char *option, const char *text, char **tok, size_t ntok,
                          size_t k, gp_unc_metric *m) {
    const gp_plan *plan = u->plan;
    int idx = -1;
    m->unit = plan->nunits + 1 + k;
    if (ntok != 2) {
        gp_cli_error("%s '%s': system %s has no staff groups: use SYSTEM.SERIES, e.g. %s.waiting_list", option, text,
                     tok[0], tok[0]);
        return false;
    }
    if ((idx = series_named(gp_system_finance_series_info, GP_SYSTEM_FINANCE_SERIES_COUNT, tok[1])) >= 0)
        m->kind = 1;
    else if ((idx = series_named(gp_system_backlog_series_info, GP_SYSTEM_BACKLOG_SERIES_COUNT, tok[1])) >= 0)
        m->kind = 2;
    if (idx < 0) {
        gp_cli_error("%s '%s': no series '%s' in a system's finance or backlog (e.g. revenue_gap, pool, "
                     "waiting_list, moved)", option, text, tok[1]);
        return false;
    }
    if (!system_has(plan, k, m->kind)) {
        gp_cli_error("%s '%s': no member of system %s has a %s block", option, text, tok[0],
                     m->kind == 1 ? "finance" : "backlog");
        return false;
    }
    m->series = (size_t)idx;
    return true;
}

bool gp_uncertain_metric_parse(const gp_uncertain *u, const char *option, const char *text, gp_unc_metric *m) {
    const gp_plan *plan = u->plan;
    char buf[sizeof m->text], *tok[4], *save = NULL;
    size_t ntok = 0;
    int idx = -1;

    memset(m, 0, sizeof *m);
    if (strlen(text) >= sizeof buf) {
        gp_cli_error("%s '%s' is too long", option, text);
        return false;
    }
    strcpy(m->text, text);
    strcpy(buf, text);
    char *at = strrchr(buf, '@');
    if (at)
        *at++ = '\0';
    for (char *t = strtok_r(buf, ".", &save); t && ntok < 4; t = strtok_r(NULL, ".", &save))
        tok[ntok++] = t;
    if (ntok < 2 || ntok > 3) {
        gp_cli_error("%s '%s': expected UNIT.GROUP.SERIES or UNIT.SERIES, e.g. england.nurses.vacancy_rate or "
                     "england.revenue_gap", option, text);
        return false;
    }
    int system = -1;
    if (strcmp(tok[0], "all_units") == 0)
        m->unit = plan->nunits;
    else if (gp_plan_find_unit(plan, tok[0]))
        m->unit = (size_t)(gp_plan_find_unit(plan, tok[0]) - plan->units);
    else if ((system = system_named(plan, tok[0])) < 0) {
        gp_cli_error("%s '%s': no unit '%s' in %s (or all_units%s)", option, text, tok[0], u->plan_file,
                     plan->nsystems ? ", or a system" : "");
        return false;
    }
    if (system >= 0) {
        if (!system_metric(u, option, text, tok, ntok, (size_t)system, m))
            return false;
        idx = (int)m->series;
    } else if (ntok == 3) {
        m->kind = 0;
        snprintf(m->group, sizeof m->group, "%s", tok[1]);
        idx = series_named(gp_group_series_info, GP_GROUP_SERIES_COUNT, tok[2]);
        if (!unit_has(plan, m->unit, 0, tok[1])) {
            gp_cli_error("%s '%s': unit %s has no staff group '%s'", option, text, tok[0], tok[1]);
            return false;
        }
    } else if ((idx = series_named(gp_finance_series_info, GP_FINANCE_SERIES_COUNT, tok[1])) >= 0) {
        m->kind = 1;
    } else if ((idx = series_named(gp_backlog_series_info, GP_BACKLOG_SERIES_COUNT, tok[1])) >= 0) {
        m->kind = 2;
    }
    if (idx < 0) {
        gp_cli_error("%s '%s': no series '%s'%s", option, text, tok[ntok - 1],
                     ntok == 3 ? " in a staff group (e.g. vacancies, vacancy_rate, agency_cost)"
                               : " in finance or backlog (e.g. revenue_gap, waiting_list); a group's series is "
                                 "UNIT.GROUP.SERIES");
        return false;
    }
    if (system < 0 && m->kind && !unit_has(plan, m->unit, m->kind, NULL)) {
        gp_cli_error("%s '%s': unit %s has no %s block", option, text, tok[0], m->kind == 1 ? "finance" : "backlog");
        return false;
    }
    m->series = (size_t)idx;
    gp_month month;
    int fy;
    m->annual = true;
    m->period = plan->cal.nfys - 1;
    if (at && gp_month_parse(at, &month)) {
        m->annual = false;
        m->period = month - plan->cal.start;
        if (m->period < 0 || m->period >= plan->cal.months) {
            gp_cli_error("%s '%s': %s is outside the plan's months", option, text, at);
            return false;
        }
    } else if (at && gp_fy_parse(at, &fy)) {
        m->period = fy - plan->cal.first_fy;
        if (m->period < 0 || m->period >= plan->cal.nfys) {
            gp_cli_error("%s '%s': %s is outside the plan's financial years", option, text, at);
            return false;
        }
    } else if (at) {
        gp_cli_error("%s '%s': the period after @ must be a month (2025-03) or an FY (2024/25)", option, text);
        return false;
    }
    return true;
}

/* The result block a metric reads: a unit's (or all units') group, finance or backlog, or a system's. */
static const gp_block *metric_block(const gp_unc_metric *m, const gp_result *res) {
    if (m->unit > res->nunits) {
        const gp_system_result *sr = &res->systems[m->unit - res->nunits - 1];
        return m->kind == 1 ? sr->finance : sr->backlog;
    }
    const gp_unit_result *u = m->unit < res->nunits ? &res->units[m->unit] : &res->all_units;
    const gp_block *b = m->kind == 1 ? u->finance : m->kind == 2 ? u->backlog : &u->groups[u->ngroups];
    for (size_t g = 0; m->kind == 0 && g < u->ngroups; g++)
        if (u->groups[g].id && strcmp(u->groups[g].id, m->group) == 0)
            b = &u->groups[g];
    return b;
}

double gp_uncertain_metric_value(const gp_unc_metric *m, const gp_result *res) {
    const gp_block *b = metric_block(m, res);
    if (!b)
        return NAN;
    return m->annual ? gp_block_annual(b, m->series)[m->period] : gp_block_monthly(b, m->series)[m->period];
}

void gp_uncertain_run_info(const gp_uncertain *u, gp_scenario_set *set, const char *command_line,
                           gp_scenario_info *infos, gp_run_info *info) {
    for (size_t k = 0; k < set->count; k++)
        infos[k] = *gp_lua_scenario_info(set->entries[k].scenario);
    *info = (gp_run_info){.plan_name = u->plan->name, .plan_file = u->plan_file, .plan_sha256 = u->sha256,
                          .command_line = command_line, .scenarios = infos, .nscenarios = set->count};
}

int gp_uncertain_report(gp_error err, const gp_diag *diag) {
    if (err == GP_OK)
        return GP_EXIT_OK;
    gp_cli_print_diag(diag, "gapplan: error: ");
    if (diag->count == 0)
        gp_cli_error("%s", gp_strerror(err));
    return gp_cli_exit_code(err);
}
