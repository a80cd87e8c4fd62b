/*
** cli/cmd_solve.c: `gapplan solve PLAN.json -s ... --target 'SERIES@PERIOD
** <= VALUE' --vary ID.PARAM[=LOW..HIGH] [-o OUT.json|OUT.xlsx]`: the value of one
** scenario param that meets a target.
**
** The range of --vary is the plausible range (the param's low..high when
** not given): an answer outside it is no answer, so when no value in it
** meets the target solve says so and reports the best the range can reach,
** instead of stretching it ("unbelievable requirements" is what users of
** waiting-list optimisers complain of). The figure is probed at evenly
** spaced points first: a figure that is not monotonic in the param over the
** range has no single threshold, and solve says so rather than pick one.
** Between the probes that straddle the target a bracketing method (the
** Illinois variant of regula falsi; bisection for an integer param)
** narrows in, always keeping a value that meets the target.
*/
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd_mc.h"
#include "gapplan/report.h"
#include "exit_codes.h"

/* Evenly spaced values at which the figure is probed for monotonicity. */
#define PROBES 9
/* Steps of the bracketing method at most. */
#define MAX_STEPS 100
/* The bracket is narrow enough at this fraction of the range. */
#define X_TOLERANCE 1e-9
/* Relative slack in comparisons of the figure (rounding in the model's sums). */
#define F_TOLERANCE 1e-12

typedef enum op { OP_LE, OP_GE, OP_EQ } op;

typedef struct target {
    gp_unc_metric metric;
    op op;
    double value;
} target;

typedef struct solver {
    const gp_uncertain *u;
    gp_unc_input in;
    const target *tg;
    gp_diag *diag;
    size_t evaluations;
} solver;

/* The figure at x. */
static gp_error figure(solver *s, double x, double *out) {
    gp_result *res = NULL;
    gp_plan *plan = gp_mc_plan_copy(s->u->plan);
    if (!plan) {
        gp_diag_add(s->diag, s->u->plan_file, 0, 0, NULL, "out of memory copying the plan");
        return GP_ERR_NOMEM;
    }
    gp_error err = gp_uncertain_eval(s->u, (gp_scenario_set *)&s->u->set, plan, &s->in, &x, 1, &res, s->diag);
    if (err == GP_OK)
        *out = gp_uncertain_metric_value(&s->tg->metric, res);
    s->evaluations++;
    gp_result_free(res);
    gp_plan_free(plan);
    return err;
}

/* g: how far f is from the target, signed so that a value meeting a <= or >= target has g <= 0; f - V for =. */
static double miss(const target *t, double f) { return t->op == OP_GE ? t->value - f : f - t->value; }

/* The slack allowed in g (the model's sums round in the last bits). */
static double slack(const target *t) { return F_TOLERANCE * fmax(1, fabs(t->value)); }

static bool meets(const target *t, double f) {
    double g = miss(t, f);
    return t->op == OP_EQ ? fabs(g) <= slack(t) : g <= slack(t);
}

/* "SERIES@PERIOD <= VALUE" (also >=, =; VALUE may end in %); false after the usage error. */
static bool parse_target(const gp_uncertain *u, const char *text, target *t) {
    static const char *const ops[] = {"<=", ">=", "="};
    const char *at = NULL;
    size_t oplen = 0;
    for (int k = 0; k < 3 && !at; k++)
        if ((at = strstr(text, ops[k])))
            t->op = (op)k, oplen = strlen(ops[k]);
    if (!at) {
        gp_cli_error("--target '%s': expected SERIES@PERIOD <= VALUE (or >=, =), e.g. "
                     "'england.nurses.vacancy_rate@2025-03 <= 0.05'", text);
        return false;
    }
    char series[sizeof t->metric.text];
    size_t n = (size_t)(at - text);
    while (n && text[n - 1] == ' ')
        n--;
    size_t skip = 0;
    while (text[skip] == ' ')
        skip++;
    if (n <= skip || n - skip >= sizeof series) {
        gp_cli_error("--target '%s': name a series before %s", text, ops[t->op]);
        return false;
    }
    memcpy(series, text + skip, n - skip);
    series[n - skip] = '\0';
    if (!gp_uncertain_metric_parse(u, "--target", series, &t->metric))
        return false;
    char *end;
    const char *num = at + oplen;
    errno = 0;
    t->value = strtod(num, &end);
    if (end != num && *end == '%')
        t->value /= 100, end++;
    while (*end == ' ')
        end++;
    if (errno || end == num || *end || !isfinite(t->value)) {
        gp_cli_error("--target '%s': expected a number after %s, e.g. 0.05 or 5%%", text, ops[t->op]);
        return false;
    }
    return true;
}

/* "ID.PARAM[=LOW..HIGH]" of an applied scenario's number param; false after the usage error. */
static bool parse_vary(const gp_uncertain *u, const char *text, gp_unc_input *in) {
    char name[GP_UNC_NAME_SIZE];
    const char *eq = strchr(text, '=');
    size_t n = eq ? (size_t)(eq - text) : strlen(text);
    const char *dot = memchr(text, '.', n);
    if (!dot || n >= sizeof name) {
        gp_cli_error("--vary '%s': expected ID.PARAM or ID.PARAM=LOW..HIGH, e.g. "
                     "international-nurses.per_year=0..30000", text);
        return false;
    }
    memcpy(name, text, n);
    name[n] = '\0';
    name[dot - text] = '\0';
    const char *scenario = name, *param = name + (dot - text) + 1;
    if (!gp_uncertain_param_input(u, scenario, param, in)) {
        gp_cli_error("--vary '%s': no number param '%s' in an applied scenario '%s'%s", text, param, scenario,
                     " (apply it with -s; 'gapplan plugins show ID' lists its params)");
        return false;
    }
    for (size_t i = 0; i < u->set.entries[in->entry].nsettings; i++)
        if (strcmp(u->set.entries[in->entry].settings[i].param, in->param) == 0) {
            gp_cli_error("--vary '%s': %s is also fixed with --set; give one or the other", text, in->name);
            return false;
        }
    if (eq) {
        /* Cut at ".." first: strtod would read "0..5" as "0." and stop at ".5". */
        char range[64], *end_lo = NULL, *end_hi = NULL;
        snprintf(range, sizeof range, "%s", eq + 1);
        char *dots = strstr(range, "..");
        double lo = NAN, hi = NAN;
        if (dots) {
            *dots = '\0';
            errno = 0;
            lo = strtod(range, &end_lo);
            hi = strtod(dots + 2, &end_hi);
        }
        if (!dots || errno || end_lo == range || *end_lo || end_hi == dots + 2 || *end_hi || !isfinite(lo) ||
            !isfinite(hi) || lo >= hi || strlen(eq + 1) >= sizeof range) {
            gp_cli_error("--vary '%s': expected LOW..HIGH with LOW below HIGH after =, e.g. =0..30000", text);
            return false;
        }
        in->spec.low = lo;
        in->spec.high = hi;
    } else if (!(in->spec.low < in->spec.high)) {
        gp_cli_error("--vary '%s': %s declares no range: give one, e.g. --vary %s=LOW..HIGH", text, in->name,
                     in->name);
        return false;
    }
    return true;
}

/*
** Narrow [a, b] where g(a) > 0 and g(b) <= 0 (for =: g(b) < 0) to the value
** that just meets the target: *x is always a value whose g is <= 0.
*/
static gp_error bracket(solver *s, double a, double ga, double b, double gb, double fb, double *x, double *fx) {
    const target *t = s->tg;
    double range = s->in.spec.high - s->in.spec.low;
    int side = 0;
    for (int step = 0; step < MAX_STEPS && fabs(b - a) > X_TOLERANCE * range && !(t->op == OP_EQ && meets(t, fb));
         step++) {
        double c;
        if (s->in.integer) {
            if (fabs(b - a) <= 1)
                break;
            c = floor((a + b) / 2);
        } else {
            c = b - gb * (b - a) / (gb - ga);
            if (!(c > fmin(a, b) && c < fmax(a, b)))
                c = (a + b) / 2;
        }
        double fc;
        gp_error err = figure(s, c, &fc);
        if (err != GP_OK)
            return err;
        double gc = miss(t, fc);
        if (gc <= 0) {
            b = c, gb = gc, fb = fc;
            if (side == 1)
                ga /= 2; /* Illinois: the end that stayed loses half its weight */
            side = 1;
        } else {
            a = c, ga = gc;
            if (side == -1)
                gb /= 2;
            side = -1;
        }
    }
    *x = b;
    *fx = fb;
    return GP_OK;
}

static const char *op_text(op o) { return o == OP_LE ? "<=" : o == OP_GE ? ">=" : "="; }

/* The answer into *x and *fx; when there is none, the exit status in *rc after saying why. */
static gp_error solve(solver *s, double *x, double *fx, int *rc) {
    const target *t = s->tg;
    double xs[PROBES], fs[PROBES], lo = s->in.spec.low, hi = s->in.spec.high;
    gp_error err;
    for (int k = 0; k < PROBES; k++) {
        xs[k] = k == PROBES - 1 ? hi : lo + (hi - lo) * k / (PROBES - 1);
        if (s->in.integer)
            xs[k] = round(xs[k]);
        if ((err = figure(s, xs[k], &fs[k])) != GP_OK)
            return err;
    }
    bool rising = false, falling = false;
    for (int k = 1; k < PROBES; k++) {
        double tol = F_TOLERANCE * fmax(fabs(fs[k]), fabs(fs[k - 1]));
        rising |= fs[k] > fs[k - 1] + tol;
        falling |= fs[k] < fs[k - 1] - tol;
    }
    if (rising && falling) {
        gp_cli_error("%s is not monotonic in %s over %g..%g (probed at %d points), so no single value answers the "
                     "target: narrow the range with --vary %s=LOW..HIGH", t->metric.text, s->in.name, lo, hi,
                     PROBES, s->in.name);
        *rc = GP_EXIT_FAILURE;
        return GP_OK;
    }
    int met = 0, best = 0, pick = -1;
    for (int k = 0; k < PROBES; k++) {
        if (meets(t, fs[k])) {
            met++;
            if (pick < 0 || fabs(xs[k] - s->in.value0) < fabs(xs[pick] - s->in.value0))
                pick = k;
        }
        if ((t->op == OP_EQ ? fabs(miss(t, fs[k])) : miss(t, fs[k])) <
            (t->op == OP_EQ ? fabs(miss(t, fs[best])) : miss(t, fs[best])))
            best = k;
    }
    if (met == PROBES || (t->op == OP_EQ && met > 0)) {
        if (met == PROBES && PROBES > 1)
            fprintf(stderr, "gapplan: note: the target is met over the whole range %g..%g; the value nearest the "
                            "default is given\n", lo, hi);
        *x = xs[pick], *fx = fs[pick];
        return GP_OK;
    }
    /* Adjacent probes on either side of the target; the figure is monotonic, so there is at most one crossing. */
    for (int k = 1; k < PROBES; k++) {
        double g0 = miss(t, fs[k - 1]), g1 = miss(t, fs[k]);
        if ((g0 > 0) != (g1 > 0)) {
            int a = g0 > 0 ? k - 1 : k, b = g0 > 0 ? k : k - 1;
            return bracket(s, xs[a], miss(t, fs[a]), xs[b], miss(t, fs[b]), fs[b], x, fx);
        }
    }
    gp_cli_error("no value of %s in %g..%g meets %s %s %g: the best within that range is %.10g, at %s = %.10g",
                 s->in.name, lo, hi, t->metric.text, op_text(t->op), t->value, fs[best], s->in.name, xs[best]);
    fputs("Reaching the target would take a value outside the plausible range given with --vary.\n", stderr);
    *rc = GP_EXIT_FAILURE;
    return GP_OK;
}

static gp_error write_result(FILE *f, void *ctx) {
    void **p = ctx;
    return gp_result_write_json(p[0], p[1], f);
}

int gp_cmd_solve(int argc, char **argv, const char *command_line) {
    bool help = false;
    const char *output = NULL, *target_text = NULL, *vary_text = NULL;
    gp_plugin_args pargs = {0};
    const gp_cli_option options[] = {
        {"output", 'o', &output, NULL, NULL},
        {"target", 0, &target_text, NULL, NULL},
        {"vary", 0, &vary_text, NULL, NULL},
        {"scenario", 's', NULL, NULL, &pargs.scenarios},
        {"set", 0, NULL, NULL, &pargs.sets},
        {"plugin-budget", 0, &pargs.budget, NULL, NULL},
        {"plugin-memory", 0, &pargs.memory, NULL, NULL},
        {"seed", 0, &pargs.seed, NULL, NULL},
        {"help", 'h', NULL, &help, NULL},
    };
    const char *args[1];
    int nargs, rc = GP_EXIT_OK;
    gp_uncertain *u = NULL;
    target tg;
    solver s = {0};
    double x = 0, fx = 0;
    gp_result *res = NULL;
    gp_plan *plan = NULL;
    gp_scenario_info infos[GP_CLI_LIST_MAX];
    gp_run_info run;
    gp_diag diag;
    gp_error err;
    bool workbook = false;
    gp_template *tpl = NULL;

    if (!gp_cli_parse("solve", argc, argv, options, sizeof options / sizeof options[0], args, 1, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("solve", stdout);
        return GP_EXIT_OK;
    }
    if (nargs == 0 || !target_text || !vary_text || pargs.scenarios.count == 0) {
        gp_cli_error("solve needs a plan, a scenario, a target and a param to vary: gapplan solve PLAN.json -s ID "
                     "--target 'england.nurses.vacancy_rate@2025-03 <= 0.05' --vary ID.PARAM=LOW..HIGH");
        gp_cli_usage_hint("solve");
        return GP_EXIT_USAGE;
    }
    if (output) {
        const char *slash = strrchr(output, '/');
        const char *dot = strrchr(slash ? slash + 1 : output, '.');
        workbook = dot && strcasecmp(dot, ".xlsx") == 0;
        if (strcmp(output, "-") != 0 && !workbook && (!dot || strcasecmp(dot, ".json") != 0)) {
            gp_cli_error("cannot tell the format of '%s': name it .json (the result) or .xlsx (the board pack)",
                         output);
            return GP_EXIT_USAGE;
        }
        if (gp_cli_same_file(args[0], output)) {
            gp_cli_error("the output %s is the plan file; write the result somewhere else", output);
            return GP_EXIT_USAGE;
        }
    }
    if (!(u = malloc(sizeof *u))) {
        gp_cli_error("out of memory");
        return GP_EXIT_FAILURE;
    }
    gp_diag_init(&diag);
    if ((rc = gp_uncertain_open(u, args[0], &pargs, "solve")) != GP_EXIT_OK)
        goto done;
    if (!parse_target(u, target_text, &tg) || !parse_vary(u, vary_text, &s.in)) {
        gp_cli_usage_hint("solve");
        rc = GP_EXIT_USAGE;
        goto done;
    }
    s.u = u;
    s.tg = &tg;
    s.diag = &diag;
    rc = GP_EXIT_OK;
    err = solve(&s, &x, &fx, &rc);
    if (err != GP_OK)
        rc = gp_uncertain_report(err, &diag);
    if (rc != GP_EXIT_OK)
        goto done;
    printf("%s = %.10g meets %s %s %g (%s is %.10g there; %zu runs)\n", s.in.name, x, tg.metric.text,
           op_text(tg.op), tg.value, tg.metric.text, fx, s.evaluations);
    if (output) {
        if (!(plan = gp_mc_plan_copy(u->plan)))
            err = GP_ERR_NOMEM;
        else
            err = gp_uncertain_eval(u, &u->set, plan, &s.in, &x, 1, &res, &diag);
        if (err == GP_OK) {
            gp_uncertain_run_info(u, &u->set, command_line, infos, &run);
            void *ctx[2] = {res, &run};
            gp_cli_install_signal_cleanup();
            if (!workbook) {
                err = gp_cli_write_file(output, write_result, ctx, &diag);
            } else if ((rc = gp_cli_load_template(NULL, &tpl)) != GP_EXIT_OK) {
                goto done;
            } else {
                gp_report_run pack = {run.nscenarios == 1 ? infos[0].id : "scenarios", plan, res, &run};
                /* The live pack's formulas compute each unit alone, without a system's transfers. */
                err = gp_report_write_xlsx_mode(&pack, 1, tpl, plan->nsystems ? GP_REPORT_VALUES : GP_REPORT_AUTO,
                                                output, &diag);
            }
        }
        rc = gp_uncertain_report(err, &diag);
    }

done:
    gp_template_free(tpl);
    gp_result_free(res);
    gp_plan_free(plan);
    gp_uncertain_close(u);
    free(u);
    gp_diag_free(&diag);
    return rc;
}
