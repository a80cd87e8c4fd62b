/*
** cli/cmd_sensitivity.c: `gapplan sensitivity PLAN.json -s ... --metric
** SERIES[@PERIOD] [-o OUT.json|OUT.xlsx]`: each uncertain input at its low
** and at its high with every other input at its default, and the metric at
** each: a tornado table, widest swing first, on standard output, and the
** same figures as JSON, or a workbook with the tornado chart, with -o.
**
** One-at-a-time swings say which assumption a figure hangs on most; they do
** not add up to the Monte Carlo spread (inputs move together there, and
** effects need not be additive), which the table's footnote says.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gapplan/report.h"

#include "cmd_mc.h"
#include "exit_codes.h"

/* One row of the tornado. */
typedef struct swing {
    const gp_unc_input *in;
    double at_low, at_high, width;
} swing;

typedef struct tornado {
    const gp_unc_metric *metric;
    double baseline;
    swing rows[GP_MC_INPUTS_MAX];
    size_t n;
    const gp_run_info *run;
} tornado;

/* Widest first; ties in input order, so the table is the same on every machine. */
static int by_width(const void *a, const void *b) {
    const swing *x = a, *y = b;
    if (x->width != y->width)
        return x->width < y->width ? 1 : -1;
    return x->in < y->in ? -1 : x->in > y->in;
}

/* The metric with input `k` at `value` and the rest at their defaults. */
static gp_error measure(const gp_uncertain *u, gp_scenario_set *set, const gp_unc_metric *m, size_t k, double value,
                        double *out, gp_diag *diag) {
    double values[GP_MC_INPUTS_MAX];
    gp_result *res = NULL;
    gp_plan *plan = gp_mc_plan_copy(u->plan);
    if (!plan) {
        gp_diag_add(diag, u->plan_file, 0, 0, NULL, "out of memory copying the plan");
        return GP_ERR_NOMEM;
    }
    for (size_t i = 0; i < u->ninputs; i++)
        values[i] = i == k ? value : NAN;
    gp_error err = gp_uncertain_eval(u, set, plan, u->inputs, values, u->ninputs, &res, diag);
    if (err == GP_OK)
        *out = gp_uncertain_metric_value(m, res);
    gp_result_free(res);
    gp_plan_free(plan);
    return err;
}

/* Numbers in the table: a rate with 4 decimals, anything else grouped in thousands. */
static void fmt(double v, char *buf, size_t size) {
    if (fabs(v) < 10 && v != floor(v)) {
        snprintf(buf, size, "%.4f", v);
        return;
    }
    char plain[64];
    snprintf(plain, sizeof plain, "%.0f", fabs(v));
    size_t len = strlen(plain), o = 0;
    if (v < 0 && o + 1 < size)
        buf[o++] = '-';
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = plain[i];
    }
    buf[o] = '\0';
}

static void print_table(const tornado *t) {
    char a[48], b[48], c[48], d[48], e[48];
    fmt(t->baseline, a, sizeof a);
    printf("Sensitivity of %s (every input at its default: %s)\n\n", t->metric->text, a);
    printf("%-36s %12s %12s %16s %16s %16s\n", "input", "low", "high", "at low", "at high", "swing");
    for (size_t i = 0; i < t->n; i++) {
        const swing *s = &t->rows[i];
        fmt(s->in->spec.low, a, sizeof a);
        fmt(s->in->spec.high, b, sizeof b);
        fmt(s->at_low, c, sizeof c);
        fmt(s->at_high, d, sizeof d);
        fmt(s->width, e, sizeof e);
        printf("%-36s %12s %12s %16s %16s %16s\n", s->in->name, a, b, c, d, e);
    }
    puts("\nEach input alone at its low and high, the others at their defaults; swings do not add up to the "
         "Monte Carlo spread.");
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void put_string(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* A number that reads back as the same double; JSON has no NaN. */
static void put_number(FILE *f, double v) {
    if (isfinite(v))
        fprintf(f, "%.17g", v);
    else
        fputs("null", f);
}

static gp_error write_tornado(FILE *f, void *ctx) {
    const tornado *t = ctx;
    fputs("{\n  \"gapplan\": 1,\n  \"plan\": ", f);
    put_string(f, t->run->plan_name);
    fputs(",\n  \"plan_sha256\": ", f);
    put_string(f, t->run->plan_sha256);
    fputs(",\n  \"metric\": ", f);
    put_string(f, t->metric->text);
    fputs(",\n  \"baseline\": ", f);
    put_number(f, t->baseline);
    fputs(",\n  \"inputs\": [", f);
    for (size_t i = 0; i < t->n; i++) {
        const swing *s = &t->rows[i];
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
        put_string(f, s->in->name);
        const char *keys[5] = {"low", "high", "at_low", "at_high", "swing"};
        double v[5] = {s->in->spec.low, s->in->spec.high, s->at_low, s->at_high, s->width};
        for (int k = 0; k < 5; k++) {
            fprintf(f, ", \"%s\": ", keys[k]);
            put_number(f, v[k]);
        }
        fputc('}', f);
    }
    fputs(t->n ? "\n  ]\n}\n" : "]\n}\n", f);
    return ferror(f) ? GP_ERR_IO : GP_OK;
}

/* The table as a workbook with its tornado chart. */
static gp_error write_workbook(const tornado *t, const char *path, gp_diag *diag) {
    gp_tornado_row rows[GP_MC_INPUTS_MAX];
    for (size_t i = 0; i < t->n; i++)
        rows[i] = (gp_tornado_row){t->rows[i].in->name, t->rows[i].in->spec.low, t->rows[i].in->spec.high,
                                   t->rows[i].at_low, t->rows[i].at_high};
    gp_tornado book = {t->metric->text, t->baseline, rows, t->n, t->run};
    return gp_tornado_write_xlsx(&book, path, diag);
}

/* True when OUT names a workbook. */
static bool is_workbook(const char *output) {
    const char *slash = strrchr(output, '/');
    const char *dot = strrchr(slash ? slash + 1 : output, '.');
    return dot && strcasecmp(dot, ".xlsx") == 0;
}

int gp_cmd_sensitivity(int argc, char **argv, const char *command_line) {
    bool help = false;
    const char *output = NULL, *metric_text = NULL;
    gp_plugin_args pargs = {0};
    const gp_cli_option options[] = {
        {"output", 'o', &output, NULL, NULL},
        {"metric", 'm', &metric_text, NULL, NULL},
        {"scenario", 's', NULL, NULL, &pargs.scenarios},
        {"set", 0, NULL, NULL, &pargs.sets},
        {"plugin-budget", 0, &pargs.budget, NULL, NULL},
        {"plugin-memory", 0, &pargs.memory, NULL, NULL},
        {"seed", 0, &pargs.seed, NULL, NULL},
        {"help", 'h', NULL, &help, NULL},
    };
    const char *args[1];
    int nargs, rc;
    gp_uncertain *u = NULL;
    gp_unc_metric metric;
    tornado *t = NULL;
    gp_scenario_info infos[GP_CLI_LIST_MAX];
    gp_run_info run;
    gp_diag diag;
    gp_error err = GP_OK;

    if (!gp_cli_parse("sensitivity", argc, argv, options, sizeof options / sizeof options[0], args, 1, &nargs))
        return GP_EXIT_USAGE;
    if (help) {
        gp_cli_print_help("sensitivity", stdout);
        return GP_EXIT_OK;
    }
    if (nargs == 0 || !metric_text) {
        gp_cli_error("sensitivity needs a plan and a metric: gapplan sensitivity PLAN.json -s ID --metric "
                     "england.total.vacancies@2024/25");
        gp_cli_usage_hint("sensitivity");
        return GP_EXIT_USAGE;
    }
    if (output && gp_cli_same_file(args[0], output)) {
        gp_cli_error("the output %s is the plan file; write the table somewhere else", output);
        return GP_EXIT_USAGE;
    }
    u = malloc(sizeof *u);
    t = calloc(1, sizeof *t);
    if (!u || !t) {
        free(u);
        free(t);
        gp_cli_error("out of memory");
        return GP_EXIT_FAILURE;
    }
    gp_diag_init(&diag);
    if ((rc = gp_uncertain_open(u, args[0], &pargs, "sensitivity")) != GP_EXIT_OK)
        goto done;
    if (!gp_uncertain_metric_parse(u, "--metric", metric_text, &metric)) {
        gp_cli_usage_hint("sensitivity");
        rc = GP_EXIT_USAGE;
        goto done;
    }
    if (u->ninputs == 0) {
        gp_cli_error("nothing is uncertain: no scenario applied declares low and high for a param, and %s has no "
                     "ranges", args[0]);
        rc = GP_EXIT_USAGE;
        goto done;
    }
    t->metric = &metric;
    err = measure(u, &u->set, &metric, SIZE_MAX, 0, &t->baseline, &diag);
    for (size_t k = 0; k < u->ninputs && err == GP_OK; k++) {
        swing *s = &t->rows[t->n++];
        s->in = &u->inputs[k];
        err = measure(u, &u->set, &metric, k, s->in->spec.low, &s->at_low, &diag);
        if (err == GP_OK)
            err = measure(u, &u->set, &metric, k, s->in->spec.high, &s->at_high, &diag);
        s->width = fabs(s->at_high - s->at_low);
    }
    if ((rc = gp_uncertain_report(err, &diag)) != GP_EXIT_OK)
        goto done;
    qsort(t->rows, t->n, sizeof t->rows[0], by_width);
    print_table(t);
    if (output) {
        /* The scenarios' provenance after a run at every default. */
        double base;
        err = measure(u, &u->set, &metric, SIZE_MAX, 0, &base, &diag);
        gp_uncertain_run_info(u, &u->set, command_line, infos, &run);
        t->run = &run;
        if (err == GP_OK) {
            gp_cli_install_signal_cleanup();
            err = is_workbook(output) ? write_workbook(t, output, &diag)
                                      : gp_cli_write_file(output, write_tornado, t, &diag);
        }
        rc = gp_uncertain_report(err, &diag);
    }

done:
    gp_uncertain_close(u);
    free(u);
    free(t);
    gp_diag_free(&diag);
    return rc;
}
