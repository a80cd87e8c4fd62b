/*
** bench/bench_plugins.c: what scenario plugins cost a run of the England
** example (issue 3's targets), against the same run without them, measured
** in the same process:
**
**   1. every shipped plugin loaded and applied together, then the model run
**      (gp_lua_run_model), against loading the plan and running the model:
**      the difference is what the plugins add (target: under 10 ms);
**   2. the model run with a Lua policy called after every month, against the
**      plain model run (target: at most 2x), and a whole run as `gapplan run`
**      makes it (load, model, JSON written) with and without that policy.
**
** Times are medians of many runs (the first few are discarded as warm-up).
** Run it through scripts/bench-plugins (a Release build). Not a test: it
** prints figures and exits 0 whenever it could measure.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gapplan/gapplan.h"
#include "gp_lua.h"

/* Timed runs of each measurement, after WARMUP discarded ones. */
#define RUNS 41
#define WARMUP 3
#define PATH_SIZE 4096

static const char *const shipped[] = {
    "ten-billion-shortfall", "efficiency-recovery", "attendance-gain", "international-nurses",
    "hcsw-recruitment", "fifty-thousand-nurses", "reservists", "retention-programme", "training-pipeline",
    "agency-cap", "elective-recovery", "hidden-demand", "covid-wave",
};
#define NSHIPPED (sizeof shipped / sizeof shipped[0])

/* A policy that reads the nurses' vacancy rate each month and raises recruitment when it is high. */
static const char policy_src[] =
    "return scenario {\n"
    "  id = \"bench-policy\", title = \"Benchmark policy\", source = \"bench\",\n"
    "  apply = function(plan, p) end,\n"
    "  policy = function(state, t)\n"
    "    if state:value(\"vacancy_rate\", { group = \"nurses\" }) > 0.2 then\n"
    "      state.plan.units.england.groups.nurses.international:add(1000)\n"
    "    end\n"
    "  end,\n"
    "}\n";

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, by_value);
    return v[n / 2];
}

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        rewind(f);
        buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
        if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
            buf[n] = '\0';
            *len = (size_t)n;
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

static const char *resolve(void *ctx, const char *id) {
    static char path[PATH_SIZE];
    (void)ctx;
    snprintf(path, sizeof path, "%s/plugins/%s.lua", GP_SOURCE_DIR, id);
    return path;
}

typedef struct england {
    char *text;
    size_t len;
} england;

/* Load the plan and run the model: the run without plugins. Returns the time, or NAN on failure. */
static double plain_run(const england *e, bool model_only) {
    gp_diag diag;
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    gp_diag_init(&diag);
    double t0 = now_ms(), t1 = NAN;
    if (gp_plan_load_buffer(e->text, e->len, "england-2022.json", &plan, &diag) == GP_OK) {
        double m0 = now_ms();
        if (gp_model_run(plan, &res, &diag) == GP_OK)
            t1 = now_ms() - (model_only ? m0 : t0);
    }
    gp_result_free(res);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    return t1;
}

/*
** Load the plan, load and apply `n` plugins (files of `ids`, or the policy source when ids is NULL), run the
** model with them. Returns the time of all of it, or of the model run alone when model_only, or NAN.
*/
static double plugin_run(const england *e, const char *const *ids, size_t n, bool model_only) {
    gp_diag diag;
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    gp_lua_scenario *scs[NSHIPPED] = {NULL};
    gp_lua_options opts;
    gp_lua_options_init(&opts);
    opts.resolve = resolve;
    gp_diag_init(&diag);
    double t0 = now_ms(), m0 = 0, t1 = NAN;
    gp_error err = gp_plan_load_buffer(e->text, e->len, "england-2022.json", &plan, &diag);
    for (size_t i = 0; err == GP_OK && i < n; i++) {
        err = ids ? gp_lua_scenario_load(resolve(NULL, ids[i]), &opts, &scs[i], &diag)
                  : gp_lua_scenario_load_buffer(policy_src, strlen(policy_src), "policy.lua", &opts, &scs[i], &diag);
        if (err == GP_OK)
            err = gp_lua_scenario_apply(scs[i], plan, NULL, 0, &diag);
    }
    if (err == GP_OK) {
        m0 = now_ms();
        err = gp_lua_run_model(scs, n, plan, &res, &diag);
    }
    if (err == GP_OK)
        t1 = now_ms() - (model_only ? m0 : t0);
    else
        gp_diag_print(&diag, stderr, "bench_plugins: ");
    for (size_t i = 0; i < n; i++)
        gp_lua_scenario_free(scs[i]);
    gp_result_free(res);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    return t1;
}

/* A whole run as `gapplan run -o out.json` does it: load, (policy scenario,) model, JSON written to /dev/null. */
static double whole_run(const england *e, bool with_policy) {
    FILE *sink = fopen("/dev/null", "w");
    gp_diag diag;
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    gp_lua_scenario *sc = NULL;
    gp_diag_init(&diag);
    double t0 = now_ms(), t1 = NAN;
    gp_error err = sink ? gp_plan_load_buffer(e->text, e->len, "england-2022.json", &plan, &diag) : GP_ERR_IO;
    if (err == GP_OK && with_policy) {
        err = gp_lua_scenario_load_buffer(policy_src, strlen(policy_src), "policy.lua", NULL, &sc, &diag);
        if (err == GP_OK)
            err = gp_lua_scenario_apply(sc, plan, NULL, 0, &diag);
    }
    if (err == GP_OK)
        err = with_policy ? gp_lua_run_model(&sc, 1, plan, &res, &diag) : gp_model_run(plan, &res, &diag);
    if (err == GP_OK)
        err = gp_result_write_json(res, NULL, sink);
    if (err == GP_OK)
        t1 = now_ms() - t0;
    gp_lua_scenario_free(sc);
    gp_result_free(res);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    if (sink)
        fclose(sink);
    return t1;
}

typedef double (*measure_fn)(const england *e, int which);

static double run_plain(const england *e, int which) { return plain_run(e, which == 1); }
static double run_shipped(const england *e, int which) { (void)which; return plugin_run(e, shipped, NSHIPPED, false); }
static double run_policy(const england *e, int which) { (void)which; return plugin_run(e, NULL, 1, true); }
static double run_whole(const england *e, int which) { return whole_run(e, which == 1); }

/* The median of RUNS timed calls; NAN when any failed. */
static double timed(measure_fn f, const england *e, int which) {
    double t[RUNS];
    for (int i = 0; i < WARMUP; i++)
        f(e, which);
    for (int i = 0; i < RUNS; i++) {
        t[i] = f(e, which);
        if (isnan(t[i]))
            return NAN;
    }
    return median(t, RUNS);
}

int main(void) {
    england e = {0};
    char path[PATH_SIZE];
    snprintf(path, sizeof path, "%s/examples/england-2022.json", GP_SOURCE_DIR);
    e.text = read_all(path, &e.len);
    if (!e.text) {
        fprintf(stderr, "bench_plugins: cannot read %s\n", path);
        return 1;
    }
    double plain = timed(run_plain, &e, 0), with = timed(run_shipped, &e, 0);
    double model = timed(run_plain, &e, 1), policy = timed(run_policy, &e, 0);
    double whole = timed(run_whole, &e, 0), whole_policy = timed(run_whole, &e, 1);
    free(e.text);
    if (isnan(plain) || isnan(with) || isnan(model) || isnan(policy) || isnan(whole) || isnan(whole_policy)) {
        fprintf(stderr, "bench_plugins: a run failed\n");
        return 1;
    }
    printf("England example, medians of %d runs\n", RUNS);
    printf("  load + model                                 %8.3f ms\n", plain);
    printf("  load + %zu shipped plugins + model            %8.3f ms\n", NSHIPPED, with);
    printf("  the plugins add                              %8.3f ms   (target: under 10 ms) %s\n", with - plain,
           with - plain < 10 ? "met" : "NOT MET");
    printf("  model                                        %8.3f ms\n", model);
    printf("  model with a Lua policy after every month    %8.3f ms   (the policy's state opened included)\n",
           policy);
    printf("  ratio                                        %8.2fx     (target: at most 2x) %s\n", policy / model,
           policy / model <= 2 ? "met" : "NOT MET");
    printf("  a whole run (load, model, JSON written)      %8.3f ms\n", whole);
    printf("  ... with the policy scenario                 %8.3f ms   %.2fx\n", whole_policy, whole_policy / whole);
    return 0;
}
