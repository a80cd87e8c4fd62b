/*
** tests/test_cli_plugins.c: scenarios from the command line (DESIGN.md "The
** command", "Plugins"): run -s ID|FILE with --set, the plugin path and its
** duplicate ids, plugins list|show, compare, and the exit codes and exact
** messages of every mistake a user can make with them.
**
** The numbers are checked the strongest way the command allows: a run with a
** scenario must equal, value for value, a run of the plan with the same edit
** made by hand in the JSON.
*/
/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gapplan/hash.h"
#include "helpers.h"

/* A two-unit plan; `leaver_rate` of the north nurses is spliced in. */
#define PLAN_TEXT(nurse_leavers)                                                                            \
    "{\"gapplan\": 1, \"name\": \"Plugins CLI\", \"start\": \"2022-04\", \"months\": 24,\n"                 \
    " \"units\": [\n"                                                                                       \
    "  {\"id\": \"north\", \"groups\": [\n"                                                                 \
    "    {\"id\": \"nurses\", \"establishment\": 1000, \"staff_in_post\": 900, \"leaver_rate\": " nurse_leavers \
    ",\n"                                                                                                   \
    "     \"absence_rate\": 0.05, \"cost_per_fte\": 40000},\n"                                              \
    "    {\"id\": \"doctors\", \"establishment\": 200, \"staff_in_post\": 190, \"leaver_rate\": 0.08,\n"   \
    "     \"absence_rate\": 0.03, \"cost_per_fte\": 100000}]},\n"                                           \
    "  {\"id\": \"south\", \"groups\": [\n"                                                                 \
    "    {\"id\": \"nurses\", \"establishment\": 500, \"staff_in_post\": 480, \"leaver_rate\": 0.1,\n"      \
    "     \"absence_rate\": 0.04, \"cost_per_fte\": 38000}]}]}\n"

/* Raises the north nurses' leaver rate by `amount` (a param with a range). */
static const char raise_lua[] =
    "return scenario {\n"
    "  id = \"raise\", title = \"Raise north nurse leavers\", source = \"tests\",\n"
    "  params = { amount = { default = 0.01, min = 0, max = 0.1, low = 0.005, high = 0.02,\n"
    "                        unit = \"fraction/yr\", doc = \"added to the leaver rate\" },\n"
    "             note = { type = \"string\", default = \"x\" } },\n"
    "  apply = function(plan, p)\n"
    "    plan.units.north.groups.nurses.leaver_rate:add(p.amount)\n"
    "  end,\n"
    "}\n";

/* Uses raise with its own amount, then adds 0.01 more: composition through the path. */
static const char twice_lua[] =
    "return scenario {\n"
    "  id = \"twice\", title = \"Raise twice\", source = \"tests\",\n"
    "  apply = function(plan, p)\n"
    "    use(\"raise\", { amount = 0.02 })\n"
    "    plan.units.north.groups.nurses.leaver_rate:add(0.01)\n"
    "  end,\n"
    "}\n";

/* Doubles nurse recruitment in the north while their vacancy rate is over 10%; two metrics. */
static const char reacts_lua[] =
    "return scenario {\n"
    "  id = \"reacts\", title = \"Reacts to vacancies\", source = \"tests\",\n"
    "  apply = function(plan, p) end,\n"
    "  policy = function(state, t)\n"
    "    if state:value(\"vacancy_rate\", { unit = \"north\", group = \"nurses\" }) > 0.1 then\n"
    "      state.plan.units.north.groups.nurses.international:set(100)\n"
    "    end\n"
    "  end,\n"
    "  metrics = {\n"
    "    final_rate = { unit = \"fraction\", doc = \"north nursing vacancy rate at the end\",\n"
    "                   value = function(r) return r:value(\"vacancy_rate\", { unit = \"north\", group = \"nurses\" }) end },\n"
    "    gap_by_fy = function(r) return r:annual(\"staffing_gap\", { unit = \"all\" }) end,\n"
    "  },\n"
    "}\n";

static const char forever_lua[] =
    "return scenario {\n"
    "  id = \"forever\", title = \"Never ends\", source = \"tests\",\n"
    "  apply = function(plan, p)\n"
    "    while true do end\n"
    "  end,\n"
    "}\n";

static char *dir, *plugdir;

static void setup(void) {
    dir = gp_temp_dir();
    cr_assert_not_null(dir);
    free(gp_write_file(dir, "plan.json", PLAN_TEXT("0.12")));
    free(gp_write_file(dir, "plan-13.json", PLAN_TEXT("0.13")));
    free(gp_write_file(dir, "plan-15.json", PLAN_TEXT("0.15")));
    free(gp_write_file(dir, "plan-16.json", PLAN_TEXT("0.16")));
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/lua", dir);
    cr_assert_eq(mkdir(path, 0700), 0);
    plugdir = strdup(path);
    free(gp_write_file(plugdir, "raise.lua", raise_lua));
    free(gp_write_file(plugdir, "twice.lua", twice_lua));
    free(gp_write_file(plugdir, "forever.lua", forever_lua));
    free(gp_write_file(plugdir, "reacts.lua", reacts_lua));
    cr_assert_eq(setenv("GAPPLAN_PLUGIN_PATH", plugdir, 1), 0);
}

static void teardown(void) {
    gp_rm_rf(dir);
    free(dir);
    free(plugdir);
}

TestSuite(cli_plugins, .init = setup, .fini = teardown);

#define RUN(...) gp_run_cli(dir, (const char *const[]){__VA_ARGS__, NULL})
#define EXPECT_ERR_HAS(r, text) cr_expect(strstr((r).err, text) != NULL, "stderr lacks [%s]:\n%s", text, (r).err)
#define EXPECT_OUT_HAS(r, text) cr_expect(strstr((r).out, text) != NULL, "stdout lacks [%s]:\n%s", text, (r).out)

static cJSON *read_json(const char *name) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = gp_read_file(path, NULL);
    cr_assert_not_null(text, "%s was not written", name);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(doc, "%s is not JSON", name);
    return doc;
}

static bool exists(const char *name) {
    char path[PATH_MAX];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

/* The results of two files (or runs inside them) are equal, value for value. */
static void expect_same_results(const cJSON *a, const cJSON *b, const char *what) {
    cr_expect(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(a, "units"),
                            cJSON_GetObjectItemCaseSensitive(b, "units"), true),
              "units differ: %s", what);
    cr_expect(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(a, "all_units"),
                            cJSON_GetObjectItemCaseSensitive(b, "all_units"), true),
              "all_units differ: %s", what);
}

/* Run plan `plan` with no scenario to `out`. */
static void run_plain(const char *plan, const char *out) {
    gp_cmd_result r = RUN("run", plan, "-o", out);
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
}

Test(cli_plugins, a_scenario_by_file_equals_the_edit_made_by_hand) {
    char file[PATH_MAX];
    snprintf(file, sizeof file, "%s/raise.lua", plugdir);
    gp_cmd_result r = RUN("run", "plan.json", "-s", file, "-o", "s.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    run_plain("plan-13.json", "h.json");
    cJSON *s = read_json("s.json"), *h = read_json("h.json");
    expect_same_results(s, h, "raise by 0.01 vs leaver_rate 0.13");

    const cJSON *sc = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(s, "scenarios"), 0);
    cr_assert_not_null(sc);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(sc, "id")->valuestring, "raise");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(sc, "file")->valuestring, file);
    cr_expect_eq(strlen(cJSON_GetObjectItemCaseSensitive(sc, "sha256")->valuestring), 64);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(sc, "seed")->valuedouble, 20220401.0);
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(sc, "params");
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(params, "amount")->valuedouble, 0.01);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(params, "note")->valuestring, "x");
    cJSON_Delete(s);
    cJSON_Delete(h);
}

Test(cli_plugins, set_overrides_a_default_and_ids_are_found_on_the_path) {
    gp_cmd_result r = RUN("run", "plan.json", "-s", "raise", "--set", "raise.amount=0.03", "--seed", "7", "-o",
                          "s.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    run_plain("plan-15.json", "h.json");
    cJSON *s = read_json("s.json"), *h = read_json("h.json");
    expect_same_results(s, h, "raise by 0.03 vs leaver_rate 0.15");
    const cJSON *sc = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(s, "scenarios"), 0);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(sc, "params"), "amount")->valuedouble,
                 0.03);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(sc, "seed")->valuedouble, 7.0);
    cJSON_Delete(s);
    cJSON_Delete(h);
}

Test(cli_plugins, scenarios_apply_in_order_and_compose_with_use) {
    /* twice = raise(0.02) + 0.01; with raise's default 0.01 first: 0.12 + 0.01 + 0.02 + 0.01 = 0.16. */
    gp_cmd_result r = RUN("run", "plan.json", "-s", "raise", "-s", "twice", "-o", "s.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    run_plain("plan-16.json", "h.json");
    cJSON *s = read_json("s.json"), *h = read_json("h.json");
    expect_same_results(s, h, "raise then twice vs leaver_rate 0.16");
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s, "scenarios")), 2);
    /* the provenance names the file twice's use() ran, with its SHA-256; raise, using nothing, has no "uses" */
    const cJSON *scs = cJSON_GetObjectItemCaseSensitive(s, "scenarios");
    cr_expect_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(scs, 0), "uses"));
    const cJSON *uses = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(scs, 1), "uses");
    cr_assert_eq(cJSON_GetArraySize(uses), 1, "twice's use(\"raise\") is not recorded");
    const cJSON *used = cJSON_GetArrayItem(uses, 0);
    char sha[GP_SHA256_HEX_SIZE], file[PATH_MAX + 16];
    gp_sha256_buffer(raise_lua, strlen(raise_lua), sha);
    snprintf(file, sizeof file, "%s/raise.lua", plugdir);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(used, "id")->valuestring, "raise");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(used, "file")->valuestring, file);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(used, "sha256")->valuestring, sha);
    cJSON_Delete(s);
    cJSON_Delete(h);
}

Test(cli_plugins, scenario_and_param_typos_are_usage_errors) {
    gp_cmd_result r = RUN("run", "plan.json", "-s", "rase", "-o", "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: no scenario 'rase' on the plugin path; did you mean raise?\n");
    EXPECT_ERR_HAS(r, "Run 'gapplan plugins list' for the scenarios found, or name a .lua file.\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "-s", "raise", "--set", "raise.amout=0.02", "-o", "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --set raise.amout=0.02: scenario 'raise' has no param 'amout'; did you mean "
                      "amount?\nParams of raise: amount, note\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "-s", "raise", "--set", "rais.amount=0.02", "-o", "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --set rais.amount=0.02: no scenario 'rais' is applied (did you mean raise?); "
                      "add -s rais first\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "-s", "raise", "--set", "raise.amount", "-o", "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --set 'raise.amount': expected ID.PARAM=VALUE, e.g. --set "
                      "attendance-gain.points=2\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "-s", "raise", "--set", "raise.amount=0.02", "--set=raise.amount=0.03", "-o",
            "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --set raise.amount=0.03: raise.amount is set twice\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "--set", "raise.amount=0.02", "-o", "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --set changes a scenario's param: add the scenario with -s ID\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "-s", "raise", "-s", "raise", "-o", "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: scenario 'raise' is given twice (-s); give it once, with --set for its "
                      "params\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "-s", "raise", "--plugin-budget", "lots", "-o", "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --plugin-budget 'lots': expected a number of instructions of at least "
                      "10000, e.g. 500M\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "-s", "raise", "--plugin-memory", "64", "-o", "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --plugin-memory '64': expected a size of at least 1M, e.g. 512M or 2G\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "-s", "raise", "--seed", "1.5", "-o", "s.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: --seed '1.5': expected a whole number\n");
    gp_cmd_result_free(&r);
    cr_expect(!exists("s.json"));
}

Test(cli_plugins, a_failing_plugin_exits_4_and_leaves_the_output_untouched, .timeout = 60) {
    free(gp_write_file(dir, "s.json", "old\n"));
    gp_cmd_result r = RUN("run", "plan.json", "-s", "raise", "--set", "raise.amount=0.5", "-o", "s.json");
    cr_expect_eq(r.status, 4);
    EXPECT_ERR_HAS(r, "raise.lua: scenario 'raise': param 'amount': must be at most 0.1, got 0.5\n");
    gp_cmd_result_free(&r);

    r = RUN("run", "plan.json", "-s", "forever", "--plugin-budget", "1M", "-o", "s.json");
    cr_expect_eq(r.status, 4);
    EXPECT_ERR_HAS(r, "forever.lua:4: ");
    EXPECT_ERR_HAS(r, "budget");
    gp_cmd_result_free(&r);

    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/s.json", dir);
    char *text = gp_read_file(path, NULL);
    cr_expect_str_eq(text, "old\n");
    free(text);
}

Test(cli_plugins, an_id_in_two_folders_is_an_error_naming_both) {
    char other[PATH_MAX], env[2 * PATH_MAX + 2];
    snprintf(other, sizeof other, "%s/more", dir);
    cr_assert_eq(mkdir(other, 0700), 0);
    free(gp_write_file(other, "raise.lua", raise_lua));
    /* The same folder twice is one folder, not a duplicate. */
    snprintf(env, sizeof env, "%s:%s", plugdir, plugdir);
    setenv("GAPPLAN_PLUGIN_PATH", env, 1);
    gp_cmd_result r = RUN("run", "plan.json", "-s", "raise", "-o", "s.json");
    cr_expect_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);

    snprintf(env, sizeof env, "%s:%s", plugdir, other);
    setenv("GAPPLAN_PLUGIN_PATH", env, 1);
    r = RUN("run", "plan.json", "-s", "raise", "-o", "t.json");
    cr_expect_eq(r.status, 4);
    char want[3 * PATH_MAX];
    snprintf(want, sizeof want,
             "gapplan: error: scenario 'raise' is defined twice, in %s/raise.lua and in %s/raise.lua; rename or "
             "remove one\n",
             plugdir, other);
    EXPECT_ERR_HAS(r, want);
    gp_cmd_result_free(&r);
    cr_expect(!exists("t.json"));
}

Test(cli_plugins, a_file_must_declare_the_id_it_is_named_after) {
    free(gp_write_file(plugdir, "misnamed.lua", raise_lua));
    gp_cmd_result r = RUN("run", "plan.json", "-s", "misnamed", "-o", "s.json");
    cr_expect_eq(r.status, 4);
    EXPECT_ERR_HAS(r, "misnamed.lua declares scenario 'raise', not 'misnamed': a file on the plugin path is named "
                      "after its id\n");
    gp_cmd_result_free(&r);
}

Test(cli_plugins, plugins_list_shows_ids_titles_and_the_path) {
    gp_cmd_result r = RUN("plugins", "list");
    cr_expect_eq(r.status, 0, "%s", r.err);
    EXPECT_OUT_HAS(r, "  forever                  Never ends\n");
    EXPECT_OUT_HAS(r, "  raise                    Raise north nurse leavers\n");
    EXPECT_OUT_HAS(r, "  twice                    Raise twice\n");
    /* The shipped folder is found beside the program, whatever the current folder (the test runs in a temporary one). */
    char *shipped = gp_source_path("plugins");
    char real[PATH_MAX], want[2 * PATH_MAX];
    cr_assert_not_null(realpath(shipped, real));
    snprintf(want, sizeof want, "Plugin path (the shipped plugins, then GAPPLAN_PLUGIN_PATH):\n  %s\n  %s\n", real,
             plugdir);
    EXPECT_OUT_HAS(r, want);
    free(shipped);
    gp_cmd_result_free(&r);

    free(gp_write_file(plugdir, "broken.lua", "return scenario {\n  id = \"broken\",\n"));
    char env[PATH_MAX + 16];
    snprintf(env, sizeof env, "%s:/no/such/dir", plugdir);
    setenv("GAPPLAN_PLUGIN_PATH", env, 1);
    r = RUN("plugins");
    cr_expect_eq(r.status, 4);
    EXPECT_OUT_HAS(r, "  broken                   [cannot be loaded: ");
    EXPECT_OUT_HAS(r, "  raise                    Raise north nurse leavers\n");
    EXPECT_OUT_HAS(r, "  /no/such/dir  [not found]\n");
    EXPECT_ERR_HAS(r, "gapplan: error: some scenarios on the plugin path cannot be used; see the marks above\n");
    gp_cmd_result_free(&r);
}

Test(cli_plugins, plugins_show_gives_params_defaults_ranges_units_and_source) {
    gp_cmd_result r = RUN("plugins", "show", "raise");
    cr_expect_eq(r.status, 0, "%s", r.err);
    EXPECT_OUT_HAS(r, "raise: Raise north nurse leavers\n\nSource:  tests\n");
    EXPECT_OUT_HAS(r, "  amount (number, fraction/yr)\n"
                      "      default 0.01; within [0, 0.1]; uncertain between 0.005 and 0.02 (uniform)\n"
                      "      added to the leaver rate\n");
    EXPECT_OUT_HAS(r, "  note (string)\n      default \"x\"\n");
    EXPECT_OUT_HAS(r, "  gapplan run plan.json -s raise --set raise.amount=0.01 -o results.json\n");
    gp_cmd_result_free(&r);
    /* a file named by its path is run by its path: its id alone would not be found */
    char file[PATH_MAX + 16], want[2 * PATH_MAX];
    snprintf(file, sizeof file, "%s/raise.lua", plugdir);
    r = RUN("plugins", "show", file);
    cr_expect_eq(r.status, 0, "%s", r.err);
    snprintf(want, sizeof want, "  gapplan run plan.json -s %s --set raise.amount=0.01 -o results.json\n", file);
    EXPECT_OUT_HAS(r, want);
    gp_cmd_result_free(&r);

    r = RUN("plugins", "show");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: plugins show needs a scenario: gapplan plugins show ID (or a .lua file)\n");
    gp_cmd_result_free(&r);
    r = RUN("plugins", "shwo", "raise");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: unknown plugins action 'shwo'; did you mean show?\n");
    gp_cmd_result_free(&r);
    r = RUN("plugins", "show", "rase");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "did you mean raise?\n");
    gp_cmd_result_free(&r);
}

Test(cli_plugins, compare_runs_baseline_each_alone_and_all) {
    gp_cmd_result r = RUN("compare", "plan.json", "-s", "raise", "-s", "twice", "--set", "raise.amount=0.03", "-o",
                          "c.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-s", "raise", "--set", "raise.amount=0.03", "-o", "one.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-s", "twice", "-o", "two.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    r = RUN("run", "plan.json", "-s", "raise", "-s", "twice", "--set", "raise.amount=0.03", "-o", "all.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    run_plain("plan.json", "base.json");

    cJSON *c = read_json("c.json");
    const cJSON *runs = cJSON_GetObjectItemCaseSensitive(c, "runs");
    cr_assert_eq(cJSON_GetArraySize(runs), 4);
    static const char *const names[] = {"baseline", "raise", "twice", "all"};
    static const char *const files[] = {"base.json", "one.json", "two.json", "all.json"};
    static const int nscenarios[] = {0, 1, 1, 2};
    for (int i = 0; i < 4; i++) {
        const cJSON *run = cJSON_GetArrayItem(runs, i);
        cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(run, "name")->valuestring, names[i]);
        cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(run, "scenarios")), nscenarios[i]);
        cJSON *alone = read_json(files[i]);
        expect_same_results(run, alone, names[i]);
        cJSON_Delete(alone);
    }
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "fys")), 2);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(c, "plan")->valuestring, "Plugins CLI");
    cJSON_Delete(c);
}

Test(cli_plugins, compare_usage_errors) {
    gp_cmd_result r = RUN("compare", "plan.json", "-o", "c.json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: compare needs a plan, scenarios and an output: gapplan compare PLAN.json -s A "
                      "-s B -o OUT.json\n");
    gp_cmd_result_free(&r);
    r = RUN("compare", "plan.json", "-s", "raise", "-o", "c.csv");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: cannot tell the format of 'c.csv': name it .json or .xlsx, or add --format json|xlsx\n");
    gp_cmd_result_free(&r);
    r = RUN("compare", "plan.json", "-s", "raise", "-o", "./plan.json", "--format", "json");
    cr_expect_eq(r.status, 2);
    EXPECT_ERR_HAS(r, "gapplan: error: the output ./plan.json is the plan file; write the comparison somewhere else\n");
    gp_cmd_result_free(&r);
    r = RUN("compare", "plan.json", "-s", "raise", "-s", "forever", "--plugin-budget", "1M", "-o", "c.json");
    cr_expect_eq(r.status, 4);
    gp_cmd_result_free(&r);
    cr_expect(!exists("c.json"));
}

Test(cli_plugins, policies_and_metrics_reach_the_result_file) {
    gp_cmd_result r = RUN("run", "plan.json", "-s", "reacts", "-o", "s.json");
    cr_assert_eq(r.status, 0, "%s", r.err);
    gp_cmd_result_free(&r);
    cJSON *s = read_json("s.json");
    const cJSON *north = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(s, "units"), 0);
    const cJSON *nurses = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(north, "groups"), 0);
    const cJSON *monthly = cJSON_GetObjectItemCaseSensitive(nurses, "monthly");
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(monthly, "vacancy_rate");
    const cJSON *intl = cJSON_GetObjectItemCaseSensitive(monthly, "international");
    /* International recruitment becomes 100 a year from the month after the rate first passes 10%. */
    int fired = -1;
    for (int t = 0; t < 24 && fired < 0; t++)
        if (cJSON_GetArrayItem(rate, t)->valuedouble > 0.1)
            fired = t;
    cr_assert_geq(fired, 0);
    cr_expect_eq(cJSON_GetArrayItem(intl, fired)->valuedouble, 0.0);
    cr_expect(gp_close(cJSON_GetArrayItem(intl, fired + 1)->valuedouble, 100.0 / 12));

    const cJSON *metrics = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(s, "scenarios"), 0), "metrics");
    const cJSON *final_rate = cJSON_GetObjectItemCaseSensitive(metrics, "final_rate");
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(final_rate, "value")->valuedouble,
                 cJSON_GetArrayItem(rate, 23)->valuedouble);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(final_rate, "unit")->valuestring, "fraction");
    const cJSON *gap = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(metrics, "gap_by_fy"), "annual");
    cr_expect_eq(cJSON_GetArraySize(gap), 2);
    cJSON_Delete(s);

    r = RUN("plugins", "show", "reacts");
    cr_expect_eq(r.status, 0);
    EXPECT_OUT_HAS(r, "Policy: reacts month by month during the run (changing the plan from the next month on).\n");
    EXPECT_OUT_HAS(r, "Metrics (in the results):\n  final_rate (fraction)\n      north nursing vacancy rate at the end\n"
                      "  gap_by_fy\n");
    gp_cmd_result_free(&r);
}
