/*
** tests/test_cli_mc.c: gapplan mc, sensitivity and solve end to end: exact
** messages and exit codes (2 usage, 3 bad plan, 4 plugin, 1 no answer),
** figures worked out by hand from a one-group plan, and the same file for
** the same seed whatever the number of threads.
**
** The plan: one group, 1,000 posts, 900 staff, no leavers, absence 5%, from
** April 2022. With mc-recruit adding R FTE a year, staff in post in month t
** is 900 + t R / 12 and vacancies 100 - t R / 12; with mc-linear adding p
** to the absence rate, available FTE in month 0 is 900 (0.95 - p).
*/
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gapplan/mc.h"
#include "helpers.h"

#define PLAN(extra)                                                                                             \
    "{\"gapplan\": 1, \"name\": \"Small\", \"start\": \"2022-04\", \"months\": 24, \"units\": [\n"              \
    " {\"id\": \"small\", \"groups\": [{\"id\": \"nurses\", \"establishment\": 1000, \"staff_in_post\": 900,\n" \
    "   \"leaver_rate\": 0, \"absence_rate\": 0.05, \"cost_per_fte\": 40000}],\n"                               \
    "  \"finance\": {\"revenue_envelope\": 3.6e7}}]" extra "}\n"

static char *dir, *linear, *recruit, *hump, *failing;

static void setup(void) {
    dir = gp_temp_dir();
    cr_assert_not_null(dir);
    free(gp_write_file(dir, "plan.json", PLAN("")));
    free(gp_write_file(dir, "bad-ranges.json", PLAN(", \"ranges\": [{\"path\": \"small.nurses.leaver_rate\", "
                                                    "\"low\": 0.2, \"high\": 0.1}]")));
    free(gp_write_file(dir, "other-param.json", PLAN(", \"ranges\": [{\"param\": \"attendance-gain.points\", "
                                                     "\"low\": 0.5, \"high\": 1}]")));
    free(gp_write_file(dir, "leavers.json", PLAN(", \"ranges\": [{\"id\": \"leavers\", \"path\": "
                                                 "\"small.nurses.leaver_rate\", \"low\": 0.05, \"high\": 0.15, "
                                                 "\"correlations\": {\"mc-linear.points\": 0.8}}]")));
    linear = gp_source_path("tests/plugins/mc-linear.lua");
    recruit = gp_source_path("tests/plugins/mc-recruit.lua");
    hump = gp_source_path("tests/plugins/mc-hump.lua");
    failing = gp_source_path("tests/plugins/mc-fail.lua");
}

static void teardown(void) {
    gp_rm_rf(dir);
    free(dir);
    free(linear);
    free(recruit);
    free(hump);
    free(failing);
}

TestSuite(cli_mc, .init = setup, .fini = teardown, .timeout = 120);

#define RUN(...) gp_run_cli(dir, (const char *const[]){__VA_ARGS__, NULL})
#define EXPECT_ERR(r, text) cr_expect(strstr((r).err, text) != NULL, "stderr lacks [%s]:\n%s", text, (r).err)
#define EXPECT_OUT(r, text) cr_expect(strstr((r).out, text) != NULL, "stdout lacks [%s]:\n%s", text, (r).out)

static bool exists(const char *name) {
    char path[PATH_MAX];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

static char *read_out(const char *name) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = gp_read_file(path, NULL);
    cr_assert_not_null(text, "%s was not written", name);
    return text;
}

/* An output file of the run, parsed; its reader frees it with cJSON_Delete. */
static cJSON *read_json(const char *name) {
    char *text = read_out(name);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(doc, "%s is not JSON", name);
    return doc;
}

/* ---- mc ------------------------------------------------------------------------------------------- */

Test(cli_mc, usage_errors) {
    gp_cmd_result r = RUN("mc", "plan.json", "-s", linear, "-o", "out.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: mc needs a plan, a number of iterations and an output: gapplan mc PLAN.json -s "
                  "ID -n 1000 -o OUT.json\n");
    gp_cmd_result_free(&r);
    r = RUN("mc", "plan.json", "-s", linear, "-n", "0", "-o", "out.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: -n '0': expected a whole number from 1 to 1000000\n");
    gp_cmd_result_free(&r);
    r = RUN("mc", "plan.json", "-s", linear, "-n", "10", "--threads", "65", "-o", "out.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --threads '65': expected a whole number from 1 to 64\n");
    gp_cmd_result_free(&r);
    r = RUN("mc", "plan.json", "-s", linear, "-n", "10", "-o", "-", "--format", "xlsx");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: a workbook cannot be written to standard output: name a .xlsx file\n");
    gp_cmd_result_free(&r);
    r = RUN("mc", "plan.json", "-s", linear, "-n", "10", "-o", "out.csv");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: cannot tell the format of 'out.csv': name it .json or .xlsx, or add --format\n");
    gp_cmd_result_free(&r);
    r = RUN("mc", "plan.json", "-n", "10", "-o", "out.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: nothing is uncertain: no scenario applied declares low and high for a param, and "
                  "plan.json has no ranges\n");
    gp_cmd_result_free(&r);
    /* A param fixed with --set is the user's choice, not an uncertainty. */
    r = RUN("mc", "plan.json", "-s", linear, "--set", "mc-linear.points=0.01", "-n", "10", "-o", "out.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "nothing is uncertain");
    gp_cmd_result_free(&r);
    r = RUN("mc", "plan.json", "-s", "no-such-scenario", "-n", "10", "-o", "out.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: no scenario 'no-such-scenario' on the plugin path");
    gp_cmd_result_free(&r);
    cr_expect(!exists("out.json"));
}

Test(cli_mc, a_bad_plan_is_exit_3) {
    gp_cmd_result r = RUN("mc", "bad-ranges.json", "-s", linear, "-n", "10", "-o", "out.json");
    cr_expect_eq(r.status, 3);
    EXPECT_ERR(r, "gapplan: error: bad-ranges.json: ranges[0]: low (0.2) is above high (0.1)\n");
    gp_cmd_result_free(&r);
    /* check and run refuse it too: the loader checks the block. */
    r = RUN("check", "bad-ranges.json");
    cr_expect_eq(r.status, 3);
    EXPECT_ERR(r, "bad-ranges.json: ranges[0]: low (0.2) is above high (0.1)");
    gp_cmd_result_free(&r);
    cr_expect(!exists("out.json"));
}

Test(cli_mc, a_failing_plugin_is_exit_4_naming_the_iteration) {
    /* With one thread the iterations run in order: the first to fail is the first whose draw is above 0.9. */
    gp_mc_input in = {"mc-fail.level", GP_MC_UNIFORM, 0, 0.5, 1, NULL};
    gp_mc_sampler *s = NULL;
    gp_diag d;
    gp_diag_init(&d);
    cr_assert_eq(gp_mc_sampler_new(&in, 1, NULL, 0, "x", &s, &d), GP_OK);
    size_t first = 0;
    double v;
    for (gp_mc_sample(s, 11, first, &v); v <= 0.9; gp_mc_sample(s, 11, ++first, &v)) {
    }
    gp_mc_sampler_free(s);
    gp_diag_free(&d);
    char want[256];
    snprintf(want, sizeof want, "mc-fail.lua:9: iteration %zu: ", first);
    gp_cmd_result r = RUN("mc", "plan.json", "-s", failing, "-n", "200", "--seed", "11", "--threads", "1", "-o",
                          "out.json");
    cr_expect_eq(r.status, 4);
    EXPECT_ERR(r, want);
    EXPECT_ERR(r, "is too high");
    cr_expect(!exists("out.json"));
    gp_cmd_result_free(&r);
}

Test(cli_mc, percentiles_follow_the_draws) {
    gp_cmd_result r = RUN("mc", "plan.json", "-s", linear, "-n", "401", "--seed", "7", "--threads", "2", "-o",
                          "out.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.err, ""); /* not a terminal: no progress bar */
    gp_cmd_result_free(&r);
    cJSON *doc = read_json("out.json");

    /* The draws of mc-linear.points (uniform 0..0.02) for seed 7, and their statistics. */
    gp_mc_input in = {"mc-linear.points", GP_MC_UNIFORM, 0, 0.01, 0.02, NULL};
    gp_mc_sampler *s = NULL;
    gp_diag d;
    gp_diag_init(&d);
    cr_assert_eq(gp_mc_sampler_new(&in, 1, NULL, 0, "x", &s, &d), GP_OK);
    double draws[401], st[GP_MC_STATS];
    for (size_t i = 0; i < 401; i++)
        gp_mc_sample(s, 7, i, &draws[i]);
    gp_mc_stats(draws, 401, st);

    /* Available FTE in month 0 is 900 (0.95 - p), falling in p: its P5 is at p's P95, and so on. */
    const cJSON *avail = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc,
                                                                                                            "units"),
                                                                                        0),
                                                                      "groups"),
                                                 0),
                            "monthly"),
        "available");
    cr_assert_not_null(avail, "no units[0].groups[0].monthly.available");
    const char *keys[5] = {"p5", "p10", "p50", "p90", "p95"};
    const int mirror[5] = {GP_MC_P95, GP_MC_P90, GP_MC_P50, GP_MC_P10, GP_MC_P5};
    for (int k = 0; k < 5; k++) {
        const cJSON *arr = cJSON_GetObjectItem(avail, keys[k]);
        cr_assert_eq(cJSON_GetArraySize(arr), 24);
        double got = cJSON_GetArrayItem(arr, 0)->valuedouble, want = 900 * (0.95 - st[mirror[k]]);
        cr_expect(gp_close(got, want), "%s: %.12g, by hand %.12g", keys[k], got, want);
    }
    cr_expect(gp_close(cJSON_GetArrayItem(cJSON_GetObjectItem(avail, "mean"), 0)->valuedouble,
                       900 * (0.95 - st[GP_MC_MEAN])));
    /* The FY figures and the other blocks are where a result file has them. */
    const cJSON *mc = cJSON_GetObjectItem(doc, "monte_carlo");
    cr_expect_eq(cJSON_GetObjectItem(mc, "iterations")->valuedouble, 401);
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(mc, "inputs"), 0), "name")->valuestring,
                     "mc-linear.points");
    const cJSON *all = cJSON_GetObjectItem(doc, "all_units");
    const cJSON *gap = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(all, "finance"), "annual"),
                                           "revenue_gap");
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(gap, "p95")), 2); /* 2022/23 and 2023/24 */
    gp_mc_sampler_free(s);
    gp_diag_free(&d);
    cJSON_Delete(doc);
}

/* The file without its command line, which names the thread count. */
static char *without_command(char *text) {
    char *line = strstr(text, "\"command\": ");
    cr_assert_not_null(line);
    char *end = strstr(line, "\"}");
    cr_assert_not_null(end);
    memmove(line, end, strlen(end) + 1);
    return text;
}

Test(cli_mc, same_seed_same_file_on_one_or_two_threads) {
    gp_cmd_result r = RUN("mc", "leavers.json", "-s", linear, "-s", recruit, "-n", "300", "--seed", "3", "--threads",
                          "1", "-o", "one.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    r = RUN("mc", "leavers.json", "-s", linear, "-s", recruit, "-n", "300", "--seed", "3", "--threads", "2", "-o",
            "two.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    r = RUN("mc", "leavers.json", "-s", linear, "-s", recruit, "-n", "300", "--seed", "4", "--threads", "2", "-o",
            "other.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    char *one = without_command(read_out("one.json")), *two = without_command(read_out("two.json"));
    char *other = without_command(read_out("other.json"));
    cr_expect_str_eq(one, two);
    cr_expect(strcmp(one, other) != 0, "another seed gives other figures");
    /* The plan's range and its correlation with a scenario's param are both drawn. */
    cr_expect(strstr(one, "\"between\": [\"leavers\", \"mc-linear.points\"], \"rank\": 0.8") != NULL);
    free(one);
    free(two);
    free(other);
}

Test(cli_mc, a_range_for_a_scenario_not_applied_is_noted) {
    gp_cmd_result r = RUN("mc", "other-param.json", "-s", linear, "-n", "5", "-o", "out.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    EXPECT_ERR(r, "gapplan: note: other-param.json: ranges[0]: scenario attendance-gain is not applied "
                  "(-s attendance-gain), so this range is not used\n");
    gp_cmd_result_free(&r);
}

/* ---- sensitivity ---------------------------------------------------------------------------------- */

Test(cli_mc, sensitivity_tornado_by_hand) {
    /* Available FTE in May 2022 = (900 + (R + 12 c) / 12) (0.95 - p); defaults R = 0, c = 1, p = 0.01:
       901 x 0.94 = 846.94. R at 240: 921 x 0.94 = 865.74 (swing 18.8); p at 0 and 0.02: 855.95 and 837.93
       (18.02); c at 0 and 4: 846 and 849.76 (3.76). Widest first. */
    gp_cmd_result r = RUN("sensitivity", "plan.json", "-s", linear, "-s", recruit, "--metric",
                          "small.total.available@2022-05", "-o", "tornado.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    EXPECT_OUT(r, "Sensitivity of small.total.available@2022-05 (every input at its default: 847)\n");
    char line[256];
    snprintf(line, sizeof line, "%-36s %12s %12s %16s %16s %16s\n", "mc-recruit.per_year", "0", "240", "847", "866",
             "19");
    EXPECT_OUT(r, line);
    char *first = strstr(r.out, "mc-recruit.per_year"), *second = strstr(r.out, "mc-linear.points"),
         *third = strstr(r.out, "mc-recruit.cohorts");
    cr_expect(first && second && third && first < second && second < third, "order:\n%s", r.out);
    gp_cmd_result_free(&r);
    cJSON *doc = read_json("tornado.json");
    cr_expect(gp_close(cJSON_GetObjectItem(doc, "baseline")->valuedouble, 901 * 0.94));
    const cJSON *rows = cJSON_GetObjectItem(doc, "inputs");
    cr_assert_eq(cJSON_GetArraySize(rows), 3);
    const double swing[3] = {921 * 0.94 - 901 * 0.94, 901 * 0.95 - 901 * 0.93, 904 * 0.94 - 900 * 0.94};
    for (int k = 0; k < 3; k++)
        cr_expect(gp_close(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, k), "swing")->valuedouble, swing[k]),
                  "row %d", k);
    cr_expect(gp_close(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 1), "at_high")->valuedouble, 901 * 0.93));
    cJSON_Delete(doc);
}

Test(cli_mc, sensitivity_usage_errors) {
    gp_cmd_result r = RUN("sensitivity", "plan.json", "-s", linear);
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: sensitivity needs a plan and a metric");
    gp_cmd_result_free(&r);
    r = RUN("sensitivity", "plan.json", "-s", linear, "--metric", "small.nurses.vacancy");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --metric 'small.nurses.vacancy': no series 'vacancy' in a staff group (e.g. "
                  "vacancies, vacancy_rate, agency_cost)\n");
    gp_cmd_result_free(&r);
    r = RUN("sensitivity", "plan.json", "-s", linear, "--metric", "small.waiting_list");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --metric 'small.waiting_list': unit small has no backlog block\n");
    gp_cmd_result_free(&r);
    r = RUN("sensitivity", "plan.json", "-s", linear, "--metric", "small.revenue_gap@2030/31");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --metric 'small.revenue_gap@2030/31': 2030/31 is outside the plan's financial "
                  "years\n");
    gp_cmd_result_free(&r);
}

/* A system's figure (SYSTEM.SERIES) as gapplan run writes it for the system, with the scenario at each setting. */
static double run_system_figure(const char *plan, const char *setting, const char *block, const char *series,
                                int month) {
    gp_cmd_result r = RUN("run", plan, "-s", linear, "--set", setting, "-o", "system-run.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    cJSON *doc = read_json("system-run.json");
    const cJSON *sys = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "systems"), 0);
    const cJSON *values = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(sys, block), "monthly"), series);
    cr_assert_not_null(values, "no systems[0].%s.monthly.%s", block, series);
    double v = cJSON_GetArrayItem(values, month)->valuedouble;
    cJSON_Delete(doc);
    return v;
}

Test(cli_mc, a_system_figure_is_a_metric) {
    char *plan = gp_source_path("examples/three-trusts-system.json");
    gp_cmd_result r = RUN("sensitivity", plan, "-s", linear, "--metric", "icb.moved@2022-03", "-o", "system.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    cJSON *doc = read_json("system.json");
    /* the plan starts in 2021-07: 2022-03 is month 8 */
    double base = run_system_figure(plan, "mc-linear.points=0.01", "backlog", "moved", 8);
    double low = run_system_figure(plan, "mc-linear.points=0", "backlog", "moved", 8);
    double high = run_system_figure(plan, "mc-linear.points=0.02", "backlog", "moved", 8);
    const cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "inputs"), 0);
    cr_expect(base > 0, "patients move in the example's system: %g", base);
    cr_expect_eq(cJSON_GetObjectItem(doc, "baseline")->valuedouble, base);
    cr_expect_eq(cJSON_GetObjectItem(row, "at_low")->valuedouble, low);
    cr_expect_eq(cJSON_GetObjectItem(row, "at_high")->valuedouble, high);
    cr_expect_neq(low, high, "absence moves the patients moved");
    cJSON_Delete(doc);

    r = RUN("sensitivity", plan, "-s", linear, "--metric", "icb.nurses.vacancies");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --metric 'icb.nurses.vacancies': system icb has no staff groups: use "
                  "SYSTEM.SERIES, e.g. icb.waiting_list\n");
    gp_cmd_result_free(&r);
    r = RUN("sensitivity", plan, "-s", linear, "--metric", "icb.vacancies");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --metric 'icb.vacancies': no series 'vacancies' in a system's finance or backlog "
                  "(e.g. revenue_gap, pool, waiting_list, moved)\n");
    gp_cmd_result_free(&r);
    r = RUN("sensitivity", plan, "-s", linear, "--metric", "icd.pool");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "--metric 'icd.pool': no unit 'icd' in ");
    EXPECT_ERR(r, "three-trusts-system.json (or all_units, or a system)\n");
    gp_cmd_result_free(&r);
    free(plan);
}

/* ---- the progress bar: on a terminal, and only there ------------------------------------------------ */

/* Run `gapplan mc` with its standard error on a pseudo-terminal and return what the terminal showed. */
static char *mc_on_a_terminal(void) {
    int term;
    pid_t pid = forkpty(&term, NULL, NULL, NULL);
    cr_assert_neq(pid, -1, "forkpty: %s", strerror(errno));
    if (pid == 0) {
        if (chdir(dir) != 0)
            _exit(127);
        execl(GP_CLI_PATH, "gapplan", "mc", "plan.json", "-s", linear, "-n", "3000", "--threads", "2", "-o",
              "tty.json", (char *)NULL);
        _exit(127);
    }
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    for (;;) {
        if (len + 1024 > cap)
            cr_assert_not_null(text = realloc(text, cap *= 2));
        ssize_t n = read(term, text + len, cap - len - 1);
        if (n <= 0) /* EIO once the child has gone and the terminal closed */
            break;
        len += (size_t)n;
    }
    text[len] = '\0';
    close(term);
    int status;
    waitpid(pid, &status, 0);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "mc on a terminal failed:\n%s", text);
    return text;
}

Test(cli_mc, a_progress_bar_on_a_terminal_only) {
    char *shown = mc_on_a_terminal();
    cr_expect(strstr(shown, "\r[") != NULL, "no bar redrawn in place on the terminal:\n%s", shown);
    cr_expect(strstr(shown, "] 100%  3000/3000 iterations") != NULL, "the bar does not end at 100%%:\n%s", shown);
    free(shown);
    gp_cmd_result r = RUN("mc", "plan.json", "-s", linear, "-n", "3000", "-o", "piped.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.err, "", "standard error is not a terminal: no bar");
    gp_cmd_result_free(&r);
}

/* ---- solve ---------------------------------------------------------------------------------------- */

Test(cli_mc, solve_matches_the_hand_computed_answer) {
    /* Vacancies in March 2023 (month 11) are 100 - 11 R / 12 with cohorts fixed at 0: <= 10 needs
       R >= 1080 / 11 = 98.1818... */
    gp_cmd_result r = RUN("solve", "plan.json", "-s", recruit, "--set", "mc-recruit.cohorts=0", "--target",
                          "small.nurses.vacancies@2023-03 <= 10", "--vary", "mc-recruit.per_year", "-o",
                          "answer.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    EXPECT_OUT(r, "mc-recruit.per_year = ");
    double x = strtod(r.out + strlen("mc-recruit.per_year = "), NULL);
    cr_expect(fabs(x - 1080.0 / 11) <= 1e-6, "answer %.12g, by hand %.12g", x, 1080.0 / 11);
    EXPECT_OUT(r, " meets small.nurses.vacancies@2023-03 <= 10 (small.nurses.vacancies@2023-03 is ");
    gp_cmd_result_free(&r);
    /* The result written is the run at the answer: its vacancies meet the target, its params say the value. */
    cJSON *doc = read_json("answer.json");
    const cJSON *group = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "units"),
                                                                                   0),
                                                                "groups"),
                                            0);
    double v = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(group, "monthly"), "vacancies"), 11)
                   ->valuedouble;
    cr_expect(v <= 10 + 1e-9 && v > 10 - 1e-6, "vacancies at the answer %.12g", v);
    cJSON_Delete(doc);
}

Test(cli_mc, solve_writes_the_board_pack_at_the_answer) {
    gp_cmd_result r = RUN("solve", "plan.json", "-s", recruit, "--set", "mc-recruit.cohorts=0", "--target",
                          "small.nurses.vacancies@2023-03 <= 10", "--vary", "mc-recruit.per_year", "-o", "pack.xlsx");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    char *text = read_out("pack.xlsx");
    cr_assert_not_null(text);
    cr_expect(strncmp(text, "PK", 2) == 0, "pack.xlsx is not a workbook (a zip file)");
    free(text);
    r = RUN("solve", "plan.json", "-s", recruit, "--target", "small.nurses.vacancies@2023-03 <= 10", "--vary",
            "mc-recruit.per_year", "-o", "answer.csv");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: cannot tell the format of 'answer.csv': name it .json (the result) or .xlsx (the "
                  "board pack)\n");
    cr_expect(!exists("answer.csv"));
    gp_cmd_result_free(&r);
}

Test(cli_mc, solve_an_integer_param) {
    /* 100 - 11 c <= 10 with R = 0: c >= 8.18..., the smallest whole c is 9. */
    gp_cmd_result r = RUN("solve", "plan.json", "-s", recruit, "--target", "small.nurses.vacancies@2023-03 <= 10",
                          "--vary", "mc-recruit.cohorts=0..10");
    cr_expect_eq(r.status, 0, "%s", r.err);
    EXPECT_OUT(r, "mc-recruit.cohorts = 9 meets small.nurses.vacancies@2023-03 <= 10 "
                  "(small.nurses.vacancies@2023-03 is 1 there;");
    gp_cmd_result_free(&r);
}

Test(cli_mc, solve_says_when_the_range_cannot_reach_the_target) {
    /* At most 50 a year: 100 - 11 x 50 / 12 = 54.1666... is the best. */
    gp_cmd_result r = RUN("solve", "plan.json", "-s", recruit, "--set", "mc-recruit.cohorts=0", "--target",
                          "small.nurses.vacancies@2023-03 <= 10", "--vary", "mc-recruit.per_year=0..50", "-o",
                          "answer.json");
    cr_expect_eq(r.status, 1);
    EXPECT_ERR(r, "gapplan: error: no value of mc-recruit.per_year in 0..50 meets small.nurses.vacancies@2023-03 "
                  "<= 10: the best within that range is 54.16666667, at mc-recruit.per_year = 50\n"
                  "Reaching the target would take a value outside the plausible range given with --vary.\n");
    cr_expect(!exists("answer.json"));
    gp_cmd_result_free(&r);
}

Test(cli_mc, solve_refuses_a_figure_that_is_not_monotonic) {
    gp_cmd_result r = RUN("solve", "plan.json", "-s", hump, "--target", "small.nurses.vacancies@2023-03 <= 0",
                          "--vary", "mc-hump.x");
    cr_expect_eq(r.status, 1);
    EXPECT_ERR(r, "gapplan: error: small.nurses.vacancies@2023-03 is not monotonic in mc-hump.x over 0..100 (probed "
                  "at 9 points), so no single value answers the target: narrow the range with --vary "
                  "mc-hump.x=LOW..HIGH\n");
    gp_cmd_result_free(&r);
}

Test(cli_mc, solve_usage_errors) {
    gp_cmd_result r = RUN("solve", "plan.json", "-s", recruit, "--target", "small.nurses.vacancies@2023-03 < 10",
                          "--vary", "mc-recruit.per_year");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --target 'small.nurses.vacancies@2023-03 < 10': expected SERIES@PERIOD <= VALUE "
                  "(or >=, =), e.g. 'england.nurses.vacancy_rate@2025-03 <= 0.05'\n");
    gp_cmd_result_free(&r);
    r = RUN("solve", "plan.json", "-s", recruit, "--target", "small.nurses.vacancies@2023-03 <= 10", "--vary",
            "mc-recruit.per_yer");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --vary 'mc-recruit.per_yer': no number param 'per_yer' in an applied scenario "
                  "'mc-recruit'");
    gp_cmd_result_free(&r);
    r = RUN("solve", "plan.json", "-s", recruit, "--target", "small.nurses.vacancies@2023-03 <= 10", "--vary",
            "mc-recruit.per_year=50..10");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --vary 'mc-recruit.per_year=50..10': expected LOW..HIGH with LOW below HIGH "
                  "after =, e.g. =0..30000\n");
    gp_cmd_result_free(&r);
    r = RUN("solve", "plan.json", "-s", recruit, "--set", "mc-recruit.per_year=5", "--target",
            "small.nurses.vacancies@2023-03 <= 10", "--vary", "mc-recruit.per_year");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR(r, "gapplan: error: --vary 'mc-recruit.per_year': mc-recruit.per_year is also fixed with --set; give "
                  "one or the other\n");
    gp_cmd_result_free(&r);
}
