/*
** tests/test_cli.c: the `gapplan` command end to end (DESIGN.md "The
** command"): runs to JSON, CSV and standard output, check, init, help, the
** exit codes and the exact messages, and that a failed run leaves an existing
** output byte for byte as it was, with no temporary file left.
*/
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

static const char good_plan[] =
    "{\"gapplan\": 1, \"name\": \"CLI test\", \"start\": \"2022-10\", \"months\": 20,\n"
    " \"units\": [\n"
    "  {\"id\": \"north\", \"name\": \"North\", \"groups\": [\n"
    "    {\"id\": \"nurses\", \"establishment\": 1000, \"staff_in_post\": 900, \"leaver_rate\": 0.12,\n"
    "     \"absence_rate\": 0.05, \"cost_per_fte\": 40000},\n"
    "    {\"id\": \"doctors\", \"establishment\": 200, \"staff_in_post\": 190, \"leaver_rate\": 0.08,\n"
    "     \"absence_rate\": 0.03, \"cost_per_fte\": 100000}]},\n"
    "  {\"id\": \"south\", \"name\": \"South\", \"groups\": [\n"
    "    {\"id\": \"nurses\", \"establishment\": 500, \"staff_in_post\": 480, \"leaver_rate\": 0.1,\n"
    "     \"absence_rate\": 0.04, \"cost_per_fte\": 38000}]}]}\n";

/* leaver_rate out of range in the first unit's first group. */
static const char bad_plan[] =
    "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 12,\n"
    " \"units\": [{\"id\": \"u\", \"groups\": [\n"
    "    {\"id\": \"nurses\", \"establishment\": 10, \"staff_in_post\": 9, \"leaver_rate\": 1.7,\n"
    "     \"absence_rate\": 0.05, \"cost_per_fte\": 40000}]}]}\n";

static char *dir;

static void setup(void) {
    dir = gp_temp_dir();
    cr_assert_not_null(dir);
    free(gp_write_file(dir, "plan.json", good_plan));
    free(gp_write_file(dir, "bad.json", bad_plan));
}

static void teardown(void) {
    gp_rm_rf(dir);
    free(dir);
}

TestSuite(cli, .init = setup, .fini = teardown);

/* Run gapplan in the test folder. */
#define RUN(...) gp_run_cli(dir, (const char *const[]){__VA_ARGS__, NULL})

static char *file_in(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return gp_read_file(path, NULL);
}

/* True when the test folder holds exactly these names (sorted, one a line): no temporary files. */
static void expect_folder(const char *want) {
    char buf[4096] = "";
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
            strcat(buf, names[i]->d_name);
            strcat(buf, "\n");
        }
        free(names[i]);
    }
    free(names);
    cr_expect_str_eq(buf, want);
}

#define EXPECT_ERR_HAS(r, text) cr_expect(strstr((r).err, text) != NULL, "stderr lacks \"%s\":\n%s", text, (r).err)
#define EXPECT_OUT_HAS(r, text) cr_expect(strstr((r).out, text) != NULL, "stdout lacks \"%s\":\n%s", text, (r).out)

/* ---- run --------------------------------------------------------------------------------- */

Test(cli, run_writes_json_with_provenance) {
    gp_cmd_result r = RUN("run", "plan.json", "-o", "out.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out, "");
    cr_expect_str_eq(r.err, "");
    char *text = file_in("out.json");
    cr_assert_not_null(text);
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "plan")->valuestring, "CLI test");
    const cJSON *prov = cJSON_GetObjectItemCaseSensitive(doc, "provenance");
    char path[4096], sha[GP_SHA256_HEX_SIZE];
    snprintf(path, sizeof path, "%s/plan.json", dir);
    cr_assert_eq(gp_sha256_file(path, sha), GP_OK);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(prov, "plan_sha256")->valuestring, sha);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(prov, "plan_file")->valuestring, "plan.json");
    char want[4096];
    snprintf(want, sizeof want, "%s run plan.json -o out.json", GP_CLI_PATH);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(prov, "command")->valuestring, want);
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "months")), 20);
    cJSON_Delete(doc);
    free(text);
    expect_folder("bad.json\nout.json\nplan.json\n");
    gp_cmd_result_free(&r);
}

Test(cli, command_line_is_shell_quoted) {
    free(gp_write_file(dir, "my plan.json", good_plan));
    gp_cmd_result r = RUN("run", "my plan.json", "-o", "it's.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *text = file_in("it's.json");
    cJSON *doc = cJSON_Parse(text);
    char want[4096];
    snprintf(want, sizeof want, "%s run 'my plan.json' -o 'it'\\''s.json'", GP_CLI_PATH);
    const cJSON *prov = cJSON_GetObjectItemCaseSensitive(doc, "provenance");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(prov, "command")->valuestring, want);
    cJSON_Delete(doc);
    free(text);
    gp_cmd_result_free(&r);
}

Test(cli, run_writes_csv_by_extension_any_case) {
    gp_cmd_result r = RUN("run", "-o", "OUT.CSV", "plan.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *text = file_in("OUT.CSV");
    cr_assert_not_null(text);
    cr_expect_eq(strncmp(text, "unit,group,block,series,period,value\nnorth,nurses,workforce,establishment,2022-10,1000\n",
                         86),
                 0, "%.200s", text);
    free(text);
    gp_cmd_result_free(&r);
}

Test(cli, run_to_standard_output) {
    gp_cmd_result r = RUN("run", "plan.json", "-o", "-", "--format", "csv");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_eq(strncmp(r.out, "unit,group,block,series,period,value\n", 37), 0);
    EXPECT_OUT_HAS(r, "\nall_units,total,workforce,staff_in_post,2022-10,1570\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "--output=-", "--format=JSON");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_expect_not_null(doc, "standard output holds the result file");
    cJSON_Delete(doc);
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nplan.json\n");
}

Test(cli, option_forms) {
    gp_cmd_result r = RUN("run", "-o=a.json", "plan.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    r = RUN("run", "--output", "b.csv", "--", "plan.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    r = RUN("run", "-oc.json", "plan.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    expect_folder("a.json\nb.csv\nbad.json\nc.json\nplan.json\n");
}

/* ---- usage errors: exit 2 ---------------------------------------------------------------- */

Test(cli, no_command_prints_usage) {
    gp_cmd_result r = gp_run_cli(dir, (const char *const[]){NULL});
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "Usage: gapplan COMMAND [OPTIONS]");
    cr_expect_str_eq(r.out, "");
    gp_cmd_result_free(&r);
}

Test(cli, unknown_option_suggests_the_nearest) {
    gp_cmd_result r = RUN("run", "plan.json", "--fromat", "csv", "-o", "x.csv");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unknown option '--fromat'; did you mean --format?\n");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "--outptu=x.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unknown option '--outptu'; did you mean --output?\n");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "--senario", "attendance-gain", "-o", "x.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unknown option '--senario'; did you mean --scenario?\n");
    gp_cmd_result_free(&r);
    r = RUN("--verison");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unknown option '--verison'; did you mean --version?\n");
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nplan.json\n");
}

Test(cli, unknown_command_suggests_the_nearest) {
    gp_cmd_result r = RUN("rnu", "plan.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unknown command 'rnu'; did you mean run?\n");
    gp_cmd_result_free(&r);
    r = RUN("frobnicate");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unknown command 'frobnicate'\n");
    gp_cmd_result_free(&r);
}

Test(cli, missing_arguments) {
    gp_cmd_result r = RUN("run", "plan.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: run needs an output: -o OUT.json, -o OUT.csv, or -o - for standard output\n");
    gp_cmd_result_free(&r);
    r = RUN("run", "-o", "out.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: run needs a plan file");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-o");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: option '-o' needs a value\n");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "other.json", "-o", "out.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unexpected argument 'other.json'\n");
    gp_cmd_result_free(&r);
    r = RUN("check");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: check needs a plan file");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-o", "a.json", "-o", "b.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: option '-o' is given twice\n");
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nplan.json\n");
}

Test(cli, output_must_not_be_the_plan) {
    char *before = file_in("plan.json");
    gp_cmd_result r = RUN("run", "plan.json", "-o", "./plan.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: the output ./plan.json is the plan file; write the results somewhere else\n");
    char *after = file_in("plan.json");
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
    gp_cmd_result_free(&r);
}

Test(cli, format_must_be_known) {
    gp_cmd_result r = RUN("run", "plan.json", "-o", "out.txt");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: cannot tell the format of 'out.txt': name it .json, .csv or .xlsx, or add --format json|csv|xlsx\n");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-o", "out.json", "--format", "xml");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unknown format 'xml'; use --format json, csv or xlsx\n");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-o", "-");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "--format json or --format csv");
    cr_expect_str_eq(r.out, "");
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nplan.json\n");
}

Test(cli, values_and_live_are_about_a_workbook) {
    gp_cmd_result r = RUN("run", "plan.json", "-o", "out.xlsx", "--values", "--live");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --values and --live contradict each other: give one\n");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-o", "out.json", "--values");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --values is about a workbook's figures: write a .xlsx file, or leave it out\n");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-o", "out.csv", "--live");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --live is about a workbook's figures: write a .xlsx file, or leave it out\n");
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nplan.json\n");
    /* both modes write a pack: the live one holds formulas, the other none */
    r = RUN("run", "plan.json", "-o", "live.xlsx", "--live");
    cr_expect_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-o", "values.xlsx", "--values");
    cr_expect_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nlive.xlsx\nplan.json\nvalues.xlsx\n");
}

/* ---- invalid plans: exit 3; unreadable files: exit 1 ---------------------------------------- */

Test(cli, check_ok_prints_a_summary) {
    gp_cmd_result r = RUN("check", "plan.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out, "plan.json: OK (2 units, 3 groups, 20 months from 2022-10)\n");
    cr_expect_str_eq(r.err, "");
    gp_cmd_result_free(&r);
}

Test(cli, check_bad_plan_names_the_place) {
    gp_cmd_result r = RUN("check", "bad.json");
    cr_expect_eq(r.status, 3);
    EXPECT_ERR_HAS(r, "gapplan: bad.json: units[0].groups[0].leaver_rate: must be within [0, 1], got 1.7\n");
    EXPECT_ERR_HAS(r, "gapplan: bad.json: 1 problem\n");
    cr_expect_str_eq(r.out, "");
    gp_cmd_result_free(&r);
}

Test(cli, check_reports_every_problem) {
    free(gp_write_file(dir, "two.json",
                       "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 12,\n"
                       " \"units\": [{\"id\": \"u\", \"groups\": [\n"
                       "    {\"id\": \"nurses\", \"establishment\": 10, \"staff_in_post\": 9, \"leaver_rate\": 1.7,\n"
                       "     \"absence_rate\": 0.05, \"cost_per_fte\": 40000, \"fill_rat\": 0.1}]}]}\n"));
    gp_cmd_result r = RUN("check", "two.json");
    cr_expect_eq(r.status, 3);
    EXPECT_ERR_HAS(r, "gapplan: two.json: units[0].groups[0].leaver_rate: must be within [0, 1], got 1.7\n");
    EXPECT_ERR_HAS(r, "did you mean fill_rate?");
    EXPECT_ERR_HAS(r, "gapplan: two.json: 2 problems\n");
    gp_cmd_result_free(&r);
}

Test(cli, run_bad_plan_leaves_the_output_untouched) {
    static const char previous[] = "{\"previous\": \"result\"}\n";
    free(gp_write_file(dir, "out.json", previous));
    gp_cmd_result r = RUN("run", "bad.json", "-o", "out.json");
    cr_expect_eq(r.status, 3);
    EXPECT_ERR_HAS(r, "gapplan: error: bad.json: units[0].groups[0].leaver_rate: must be within [0, 1], got 1.7\n");
    size_t len;
    char *text = file_in("out.json");
    cr_assert_not_null(text);
    len = strlen(text);
    cr_expect_eq(len, sizeof previous - 1);
    cr_expect_eq(memcmp(text, previous, len), 0);
    expect_folder("bad.json\nout.json\nplan.json\n");
    free(text);
    gp_cmd_result_free(&r);
}

Test(cli, missing_plan_file_is_an_io_failure) {
    gp_cmd_result r = RUN("run", "missing.json", "-o", "out.json");
    cr_expect_eq(r.status, 1);
    EXPECT_ERR_HAS(r, "gapplan: error: cannot open missing.json: No such file or directory\n");
    gp_cmd_result_free(&r);
    r = RUN("check", "missing.json");
    cr_expect_eq(r.status, 1);
    EXPECT_ERR_HAS(r, "gapplan: error: cannot open missing.json: No such file or directory\n");
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nplan.json\n");
}

Test(cli, unwritable_output_is_an_io_failure) {
    gp_cmd_result r = RUN("run", "plan.json", "-o", "missing/out.json");
    cr_expect_eq(r.status, 1);
    EXPECT_ERR_HAS(r, "gapplan: error: cannot create out.json in missing/: No such file or directory\n");
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-o", "/dev/full", "--format", "json");
    cr_expect_eq(r.status, 1);
    EXPECT_ERR_HAS(r, "gapplan: error: cannot write /dev/full: No space left on device\n");
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nplan.json\n");
}

/* ---- interrupted runs -------------------------------------------------------------------- */

/* A plan of `units` copies of a two-group unit over 120 months: big enough that writing takes a while. */
static void write_big_plan(const char *name, int units) {
    size_t cap = (size_t)units * 400 + 200, len = 0;
    char *text = malloc(cap);
    len += (size_t)snprintf(text + len, cap - len,
                            "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 120, \"units\": [");
    for (int u = 0; u < units; u++)
        len += (size_t)snprintf(text + len, cap - len,
                                "%s{\"id\": \"u%d\", \"groups\": ["
                                "{\"id\": \"a\", \"establishment\": 100, \"staff_in_post\": 90, \"leaver_rate\": 0.1,"
                                " \"absence_rate\": 0.05, \"cost_per_fte\": 40000, \"fill_rate\": 0.03},"
                                "{\"id\": \"b\", \"establishment\": 50, \"staff_in_post\": 45, \"leaver_rate\": 0.08,"
                                " \"absence_rate\": 0.04, \"cost_per_fte\": 90000}]}",
                                u ? "," : "", u);
    snprintf(text + len, cap - len, "]}\n");
    free(gp_write_file(dir, name, text));
    free(text);
}

/* True once a temporary file for `target` exists in the test folder. */
static bool temp_file_exists(const char *target) {
    char prefix[256];
    bool found = false;
    struct dirent **names;
    snprintf(prefix, sizeof prefix, ".%s.", target);
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (strncmp(names[i]->d_name, prefix, strlen(prefix)) == 0)
            found = true;
        free(names[i]);
    }
    free(names);
    return found;
}

Test(cli, interrupted_run_leaves_the_output_untouched_and_no_temporary, .timeout = 120) {
    static const char previous[] = "previous result\n";
    write_big_plan("big.json", 1500);
    free(gp_write_file(dir, "out.csv", previous));

    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (chdir(dir) != 0)
            _exit(127);
        signal(SIGTERM, SIG_DFL);
        execl(GP_CLI_PATH, GP_CLI_PATH, "run", "big.json", "-o", "out.csv", (char *)NULL);
        _exit(127);
    }
    /* Wait until the run is writing, then stop it. */
    struct timespec pause = {0, 1000000};
    int waited = 0, status = 0;
    while (!temp_file_exists("out.csv") && waited < 60000 && waitpid(pid, &status, WNOHANG) == 0) {
        nanosleep(&pause, NULL);
        waited++;
    }
    cr_assert(temp_file_exists("out.csv"), "the run never started writing");
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "killed by SIGTERM, status %d", status);
    char *text = file_in("out.csv");
    cr_expect_str_eq(text, previous);
    free(text);
    expect_folder("bad.json\nbig.json\nout.csv\nplan.json\n");
}

/* ---- init -------------------------------------------------------------------------------- */

Test(cli, init_writes_a_plan_that_checks_and_runs) {
    gp_cmd_result r = RUN("init", "-o", "new.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    EXPECT_OUT_HAS(r, "wrote new.json (the england-2022 example)");
    gp_cmd_result_free(&r);
    char *written = file_in("new.json");
    char *source = gp_source_path("examples/england-2022.json");
    char *original = gp_read_file(source, NULL);
    cr_assert_not_null(written);
    cr_assert_not_null(original);
    cr_expect_str_eq(written, original, "init writes the example byte for byte");

    r = RUN("check", "new.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strncmp(r.out, "new.json: OK (", 14) == 0, "%s", r.out);
    gp_cmd_result_free(&r);
    r = RUN("run", "new.json", "-o", "new-results.csv");
    cr_expect_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    free(written);
    free(source);
    free(original);
}

Test(cli, init_refuses_to_overwrite_without_force) {
    free(gp_write_file(dir, "mine.json", "my own plan\n"));
    gp_cmd_result r = RUN("init", "-o", "mine.json");
    cr_expect_eq(r.status, 1);
    EXPECT_ERR_HAS(r, "gapplan: error: mine.json exists; add --force to replace it\n");
    gp_cmd_result_free(&r);
    char *text = file_in("mine.json");
    cr_expect_str_eq(text, "my own plan\n");
    free(text);

    r = RUN("init", "--force", "--example", "trust-400m", "-o", "mine.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    r = RUN("check", "mine.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nmine.json\nplan.json\n");
}

Test(cli, init_unknown_example_lists_the_names) {
    gp_cmd_result r = RUN("init", "--example", "england", "-o", "x.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unknown example 'england'");
    EXPECT_ERR_HAS(r, "england-2022, trust-400m");
    gp_cmd_result_free(&r);
    r = RUN("init");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: init needs an output: -o PLAN.json");
    gp_cmd_result_free(&r);
    expect_folder("bad.json\nplan.json\n");
}

Test(cli, init_to_standard_output) {
    gp_cmd_result r = RUN("init", "--example", "trust-400m", "-o", "-");
    cr_expect_eq(r.status, 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_expect_not_null(doc);
    cJSON_Delete(doc);
    gp_cmd_result_free(&r);
}

/* ---- help and version ---------------------------------------------------------------------- */

Test(cli, version) {
    gp_cmd_result r = RUN("--version");
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, "gapplan " GP_VERSION "\n");
    gp_cmd_result_free(&r);
}

Test(cli, help) {
    gp_cmd_result r = RUN("--help");
    cr_expect_eq(r.status, 0);
    EXPECT_OUT_HAS(r, "Commands:\n");
    EXPECT_OUT_HAS(r, "  run PLAN.json -o OUT");
    EXPECT_OUT_HAS(r, "Exit status: 0 success, 1");
    gp_cmd_result_free(&r);

    r = RUN("help", "run");
    cr_expect_eq(r.status, 0);
    EXPECT_OUT_HAS(r, "Usage: gapplan run PLAN.json [-s SCENARIO]... [--set ID.PARAM=VALUE]...\n");
    EXPECT_OUT_HAS(r, "  -s, --scenario ID|FILE  apply a scenario");
    EXPECT_OUT_HAS(r, "  gapplan run plan.json -o results.json\n");
    char *help_run = strdup(r.out);
    gp_cmd_result_free(&r);

    r = RUN("run", "--help");
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, help_run, "'run --help' and 'help run' agree");
    gp_cmd_result_free(&r);
    free(help_run);

    r = RUN("check", "-h");
    cr_expect_eq(r.status, 0);
    EXPECT_OUT_HAS(r, "Usage: gapplan check PLAN.json\n");
    gp_cmd_result_free(&r);

    r = RUN("init", "--help");
    cr_expect_eq(r.status, 0);
    EXPECT_OUT_HAS(r, "Example plans: england-2022, trust-400m\n");
    gp_cmd_result_free(&r);

    r = RUN("help", "chekc");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: no command 'chekc'; did you mean check?\n");
    gp_cmd_result_free(&r);
}
