/*
** bench/bench_xlsx.c: how fast the board pack is written (issue 4's
** targets), measured in one process:
**
**   1. the England compare pack with four scenarios (baseline, each alone,
**      all together: six runs) written with the default template
**      (target: under 0.5 s), the runs computed beforehand;
**   2. the Monthly sheet of a generated plan (--units, default 1,000 x 8
**      groups x 120 months) alone, in cells a second (target: at least one
**      million), and the process's peak memory (target: under 1 GiB).
**
** Not a test: it prints figures and exits 0 whenever it could measure.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "gapplan/report.h"
#include "gp_lua.h"

#define PATH_SIZE 4096

static const char *const scenarios[] = {"attendance-gain", "international-nurses", "retention-programme",
                                        "ten-billion-shortfall"};
#define NSCENARIOS 4

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *resolve(void *ctx, const char *id) {
    static char path[PATH_SIZE];
    (void)ctx;
    snprintf(path, sizeof path, "%s/plugins/%s.lua", GP_SOURCE_DIR, id);
    return path;
}

typedef struct run {
    gp_plan *plan;
    gp_result *res;
    gp_lua_scenario *scs[NSCENARIOS];
    gp_scenario_info infos[NSCENARIOS];
    gp_run_info info;
} run;

/* The England plan with scenarios [first, first + n) applied and run. */
static int make_run(run *r, size_t first, size_t n, gp_diag *diag) {
    char path[PATH_SIZE];
    gp_lua_options opts;
    gp_lua_options_init(&opts);
    opts.resolve = resolve;
    snprintf(path, sizeof path, "%s/examples/england-2022.json", GP_SOURCE_DIR);
    if (gp_plan_load_file(path, &r->plan, diag) != GP_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (gp_lua_scenario_load(resolve(NULL, scenarios[first + i]), &opts, &r->scs[i], diag) != GP_OK ||
            gp_lua_scenario_apply(r->scs[i], r->plan, NULL, 0, diag) != GP_OK)
            return -1;
    if (gp_lua_run_model(r->scs, n, r->plan, &r->res, diag) != GP_OK)
        return -1;
    for (size_t i = 0; i < n; i++)
        r->infos[i] = *gp_lua_scenario_info(r->scs[i]);
    r->info = (gp_run_info){.plan_name = r->plan->name, .scenarios = r->infos, .nscenarios = n};
    return 0;
}

static void free_run(run *r) {
    for (size_t i = 0; i < NSCENARIOS; i++)
        gp_lua_scenario_free(r->scs[i]);
    gp_result_free(r->res);
    gp_plan_free(r->plan);
}

static int compare_pack(const char *folder) {
    run runs[NSCENARIOS + 2] = {0};
    gp_report_run report[NSCENARIOS + 2];
    static const char *const names[] = {"baseline", "attendance-gain", "international-nurses",
                                        "retention-programme", "ten-billion-shortfall", "all"};
    gp_diag diag;
    gp_diag_init(&diag);
    char templates[PATH_SIZE], out[PATH_SIZE];
    snprintf(templates, sizeof templates, "%s/templates", GP_SOURCE_DIR);
    const char *dirs[] = {templates};
    gp_template *tpl = NULL;
    int rc = gp_template_load("board-pack", dirs, 1, &tpl, &diag) == GP_OK ? 0 : -1;
    for (size_t r = 0; rc == 0 && r < NSCENARIOS + 2; r++) {
        rc = make_run(&runs[r], r == 0 ? 0 : r == NSCENARIOS + 1 ? 0 : r - 1,
                      r == 0 ? 0 : r == NSCENARIOS + 1 ? NSCENARIOS : 1, &diag);
        report[r] = (gp_report_run){names[r], runs[r].plan, runs[r].res, &runs[r].info};
    }
    snprintf(out, sizeof out, "%s/compare.xlsx", folder);
    double best = INFINITY;
    for (int k = 0; rc == 0 && k < 7; k++) {
        double t0 = now_s();
        rc = gp_report_write_xlsx(report, NSCENARIOS + 2, tpl, out, &diag) == GP_OK ? 0 : -1;
        double t = now_s() - t0;
        best = t < best ? t : best;
    }
    if (rc == 0)
        printf("England compare pack, 4 scenarios (6 runs), written in %.3f s (best of 7; target under 0.5 s) %s\n",
               best, best < 0.5 ? "met" : "NOT MET");
    else
        gp_diag_print(&diag, stderr, "bench_xlsx: ");
    for (size_t r = 0; r < NSCENARIOS + 2; r++)
        free_run(&runs[r]);
    gp_template_free(tpl);
    gp_diag_free(&diag);
    return rc;
}

static int monthly_sheet(const char *folder, int units) {
    char plan_path[PATH_SIZE], tpl_path[PATH_SIZE], out[PATH_SIZE];
    snprintf(plan_path, sizeof plan_path, "%s/plan.json", folder);
    snprintf(tpl_path, sizeof tpl_path, "%s/monthly.json", folder);
    snprintf(out, sizeof out, "%s/monthly.xlsx", folder);
    bench_gen_options o = {.seed = 1, .units = units, .groups = 8, .months = 120, .start_year = 2022, .start_month = 4};
    FILE *f = fopen(plan_path, "w");
    if (!f || bench_plan_generate(&o, f) != 0 || fclose(f) != 0)
        return -1;
    f = fopen(tpl_path, "w");
    if (!f)
        return -1;
    fputs("{\"gapplan_template\": 1, \"name\": \"Monthly only\", \"sheets\": [{\"kind\": \"monthly\", \"name\": "
          "\"Monthly\"}]}\n", f);
    fclose(f);
    gp_diag diag;
    gp_diag_init(&diag);
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    gp_template *tpl = NULL;
    int rc = -1;
    if (gp_plan_load_file(plan_path, &plan, &diag) == GP_OK && gp_model_run(plan, &res, &diag) == GP_OK &&
        gp_template_load(tpl_path, NULL, 0, &tpl, &diag) == GP_OK) {
        gp_run_info info = {.plan_name = plan->name};
        gp_report_run one = {"baseline", plan, res, &info};
        size_t rows = 0;
        for (size_t u = 0; u <= res->nunits; u++) {
            const gp_unit_result *ur = u < res->nunits ? &res->units[u] : &res->all_units;
            for (size_t g = 0; g <= ur->ngroups; g++)
                rows += ur->groups[g].nseries;
            const gp_block *blocks[] = {ur->finance, ur->pressures, ur->funding, ur->backlog};
            for (size_t b = 0; b < 4; b++)
                rows += blocks[b] ? blocks[b]->nseries : 0;
        }
        double cells = (double)rows * (res->cal.months + 5);
        double t0 = now_s();
        if (gp_report_write_xlsx(&one, 1, tpl, out, &diag) == GP_OK) {
            double t = now_s() - t0;
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            printf("Monthly sheet of %d units x 8 groups x 120 months: %.0f cells in %.2f s = %.2f million cells/s "
                   "(target: at least 1) %s\n",
                   units, cells, t, cells / t / 1e6, cells / t >= 1e6 ? "met" : "NOT MET");
            printf("peak memory of the whole process (plan, results, workbook): %.0f MiB (target: under 1024) %s\n",
                   ru.ru_maxrss / 1024.0, ru.ru_maxrss < 1024 * 1024 ? "met" : "NOT MET");
            rc = 0;
        }
    }
    if (rc != 0)
        gp_diag_print(&diag, stderr, "bench_xlsx: ");
    gp_template_free(tpl);
    gp_result_free(res);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    return rc;
}

int main(int argc, char **argv) {
    int units = 1000;
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--units") == 0)
            units = atoi(argv[i + 1]);
    char folder[] = "/tmp/gp-bench-xlsx-XXXXXX";
    if (!mkdtemp(folder)) {
        perror("bench_xlsx");
        return 1;
    }
    int rc = compare_pack(folder);
    if (rc == 0)
        rc = monthly_sheet(folder, units > 0 ? units : 1000);
    char cmd[PATH_SIZE];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", folder);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_xlsx: could not remove %s\n", folder);
    return rc == 0 ? 0 : 1;
}
