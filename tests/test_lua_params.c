/*
** tests/test_lua_params.c: scenario{} and its params (lua/prelude.lua,
** lua/scenario.c): declarations checked with "did you mean", types inferred
** from defaults, ranges, overrides given as text, the metadata the command
** lists, errors carrying file:line, and use() composing scenarios found
** through the resolver (fixtures in tests/plugins/).
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gp_lua.h"
#include "helpers.h"

static gp_diag diag;
static gp_plan *plan;
static gp_lua_scenario *sc;

static const char plan_json[] =
    "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 24, \"units\": [\n"
    " {\"id\": \"north\", \"groups\": [\n"
    "   {\"id\": \"nurses\", \"establishment\": 100, \"staff_in_post\": 90, \"cost_per_fte\": 40000,\n"
    "    \"leaver_rate\": 0.1, \"absence_rate\": 0.05}]}]}\n";

static void setup(void) {
    gp_diag_init(&diag);
    plan = gp_load_text(plan_json, &diag);
    cr_assert(plan, "the test plan must load");
    sc = NULL;
}
static void teardown(void) {
    gp_lua_scenario_free(sc);
    gp_plan_free(plan);
    gp_diag_free(&diag);
}

TestSuite(lua_params, .init = setup, .fini = teardown);

/* The fixtures' resolver: tests/plugins/ID.lua when it exists. */
static char resolved[4096];
static const char *resolve(void *ctx, const char *id) {
    (void)ctx;
    snprintf(resolved, sizeof resolved, "%s/tests/plugins/%s.lua", GP_SOURCE_DIR, id);
    return access(resolved, R_OK) == 0 ? resolved : NULL;
}

static gp_error load(const char *src) {
    gp_lua_options o;
    gp_lua_options_init(&o);
    o.resolve = resolve;
    gp_lua_scenario_free(sc);
    sc = NULL;
    gp_diag_clear(&diag);
    return gp_lua_scenario_load_buffer(src, strlen(src), "test.lua", &o, &sc, &diag);
}

static gp_error apply(const gp_lua_setting *set, size_t n) {
    gp_diag_clear(&diag);
    return gp_lua_scenario_apply(sc, plan, set, n, &diag);
}

#define EXPECT_DIAG(err, want, fragment)                                                            \
    do {                                                                                            \
        char *t_ = gp_diag_text(&diag);                                                             \
        cr_expect_eq(err, want, "expected %s, got %s:\n%s", gp_strerror(want), gp_strerror(err), t_); \
        cr_expect(gp_diag_has(&diag, fragment), "expected \"%s\" in:\n%s", fragment, t_);           \
        free(t_);                                                                                   \
    } while (0)

#define ASSERT_OK(expr)                                                          \
    do {                                                                         \
        gp_error e_ = (expr);                                                    \
        char *t_ = gp_diag_text(&diag);                                          \
        cr_assert_eq(e_, GP_OK, "%s failed (%s):\n%s", #expr, gp_strerror(e_), t_); \
        free(t_);                                                                \
    } while (0)

/* Every type, inferred or named, with ranges and docs; apply writes the values where C can see them. */
static const char all_types[] =
    "return scenario {\n"
    "  id = 'all-types', title = 'All types', source = 'tests',\n"
    "  params = {\n"
    "    rate = { default = 0.2, min = 0, max = 0.5, low = 0.1, high = 0.3, unit = 'fraction/yr', doc = 'a rate' },\n"
    "    count = { type = 'integer', default = 3, min = 1, max = 10 },\n"
    "    from = { default = '2022-10', doc = 'first month' },\n"
    "    year = { default = '2023/24' },\n"
    "    label = { default = 'plain text' },\n"
    "    level = { default = 'low', choices = { 'low', 'high' } },\n"
    "    on = { default = true },\n"
    "    spread = { default = 2, low = 1, high = 4, dist = 'triangular' },\n"
    "  },\n"
    "  apply = function(plan, p)\n"
    "    local g = plan.units.north.groups.nurses\n"
    "    if p.on then g.leaver_rate:set(p.rate, { from = p.from }) end\n"
    "    g.intake_month = p.count\n"
    "    g.absence_rate:set(p.level == 'high' and 0.09 or 0.07, { from = p.year })\n"
    "    assert(p.label == 'plain text' and p.spread == 2)\n"
    "  end,\n"
    "}\n";

Test(lua_params, metadata_of_every_type) {
    ASSERT_OK(load(all_types));
    cr_expect_str_eq(gp_lua_scenario_id(sc), "all-types");
    cr_expect_str_eq(gp_lua_scenario_title(sc), "All types");
    cr_expect_str_eq(gp_lua_scenario_source(sc), "tests");
    cr_expect_str_eq(gp_lua_scenario_file(sc), "test.lua");
    cr_expect_eq(strlen(gp_lua_scenario_sha256(sc)), 64);
    cr_expect_eq(gp_lua_scenario_seed(sc), GP_LUA_SEED_DEFAULT);
    cr_assert_eq(gp_lua_scenario_param_count(sc), 8);
    /* sorted bytewise by name */
    const char *names[] = {"count", "from", "label", "level", "on", "rate", "spread", "year"};
    gp_lua_param_type types[] = {GP_PARAM_INTEGER, GP_PARAM_MONTH,   GP_PARAM_STRING, GP_PARAM_CHOICE,
                                 GP_PARAM_BOOLEAN, GP_PARAM_NUMBER,  GP_PARAM_NUMBER, GP_PARAM_FY};
    const char *defaults[] = {"3", "\"2022-10\"", "\"plain text\"", "\"low\"", "true", "0.2", "2", "\"2023/24\""};
    for (size_t i = 0; i < 8; i++) {
        const gp_lua_param *p = gp_lua_scenario_param(sc, i);
        cr_expect_str_eq(p->name, names[i]);
        cr_expect_eq(p->type, types[i], "%s: type %s", p->name, gp_lua_param_type_name(p->type));
        cr_expect_str_eq(p->default_json, defaults[i], "%s", p->name);
    }
    const gp_lua_param *rate = gp_lua_scenario_find_param(sc, "rate");
    cr_assert(rate);
    cr_expect(rate->has_min && rate->has_max && rate->has_range);
    cr_expect(gp_close(rate->min, 0) && gp_close(rate->max, 0.5));
    cr_expect(gp_close(rate->low, 0.1) && gp_close(rate->high, 0.3));
    cr_expect_str_eq(rate->dist, "uniform");
    cr_expect_str_eq(rate->unit, "fraction/yr");
    cr_expect_str_eq(rate->doc, "a rate");
    const gp_lua_param *level = gp_lua_scenario_find_param(sc, "level");
    cr_assert_eq(level->nchoices, 2);
    cr_expect_str_eq(level->choices[1], "high");
    cr_expect_str_eq(gp_lua_scenario_find_param(sc, "spread")->dist, "triangular");
    cr_expect_str_eq(gp_lua_scenario_find_param(sc, "year")->unit, "");
    cr_expect_not(gp_lua_scenario_find_param(sc, "from")->has_min);
    cr_expect_null(gp_lua_scenario_find_param(sc, "nope"));
}

Test(lua_params, defaults_reach_apply) {
    ASSERT_OK(load(all_types));
    ASSERT_OK(apply(NULL, 0));
    const gp_group *g = &plan->units[0].groups[0];
    cr_expect(gp_close(g->leaver_rate[5], 0.1) && gp_close(g->leaver_rate[6], 0.2)); /* from 2022-10 = t 6 */
    cr_expect_eq(g->intake_month, 3);
    cr_expect(gp_close(g->absence_rate[11], 0.05) && gp_close(g->absence_rate[12], 0.07)); /* 2023/24 = t 12 */
    const gp_scenario_info *info = gp_lua_scenario_info(sc);
    cr_expect_str_eq(info->id, "all-types");
    cr_expect_eq(info->nparams, 8);
    cr_expect_str_eq(info->params[5].name, "rate");
    cr_expect_str_eq(info->params[5].json, "0.2");
}

Test(lua_params, overrides_are_converted_to_their_types) {
    ASSERT_OK(load(all_types));
    gp_lua_setting set[] = {{"rate", "0.25"}, {"count", "7"},    {"from", "2023-01"},
                            {"level", "high"}, {"on", "true"},   {"label", "plain text"}};
    ASSERT_OK(apply(set, 6));
    const gp_group *g = &plan->units[0].groups[0];
    cr_expect(gp_close(g->leaver_rate[8], 0.1) && gp_close(g->leaver_rate[9], 0.25));
    cr_expect_eq(g->intake_month, 7);
    cr_expect(gp_close(g->absence_rate[12], 0.09));
    const gp_scenario_info *info = gp_lua_scenario_info(sc);
    cr_expect_str_eq(info->params[0].json, "7");
    cr_expect_str_eq(info->params[1].json, "\"2023-01\"");
    cr_expect_str_eq(info->params[5].json, "0.25");
}

Test(lua_params, bad_overrides_are_plugin_errors) {
    ASSERT_OK(load(all_types));
    struct {
        gp_lua_setting set;
        const char *want;
    } cases[] = {
        {{"rate", "abc"}, "test.lua: scenario 'all-types': param 'rate': expected a finite number, got \"abc\""},
        {{"rate", "0.6"}, "param 'rate': must be at most 0.5, got 0.6"},
        {{"rate", "1e400"}, "param 'rate': expected a finite number, got inf"},
        {{"count", "2.5"}, "param 'count': expected a whole number, got 2.5"},
        {{"count", "0"}, "param 'count': must be at least 1, got 0"},
        {{"from", "2023-13"}, "param 'from': expected a month label (YYYY-MM), got \"2023-13\""},
        {{"year", "2023/25"}, "param 'year': expected an FY label (YYYY/YY), got \"2023/25\""},
        {{"on", "yes"}, "param 'on': expected true or false, got \"yes\""},
        {{"level", "hgh"}, "param 'level': expected one of low, high, got \"hgh\" (did you mean high?)"},
        {{"rat", "0.1"}, "scenario 'all-types' has no param \"rat\" (did you mean rate?)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gp_error err = apply(&cases[i].set, 1);
        EXPECT_DIAG(err, GP_ERR_PLUGIN, cases[i].want);
    }
    cr_expect(gp_close(plan->units[0].groups[0].leaver_rate[12], 0.1), "apply never ran");
}

#define HEAD "return scenario { id = 't', title = 'T', source = 'S', apply = function() end,\n"

Test(lua_params, declaration_mistakes_name_the_nearest_field) {
    struct {
        const char *src, *want;
    } cases[] = {
        /* `return scenario {...}` is a tail call, which leaves Lua no line: the line of `scenario {` is named */
        {"\n\nreturn scenario { id = 't', titel = 'T', source = 'S', apply = function() end }",
         "test.lua:3: scenario: unknown field \"titel\" (did you mean title?)"},
        {"local s = scenario { id = 't', titel = 'T', source = 'S', apply = function() end }\nreturn s",
         "test.lua:1: scenario: unknown field \"titel\" (did you mean title?)"},
        {"return scenario { id = 't', title = 'T', source = 'S' }",
         "test.lua:1: scenario: missing required field 'apply'"},
        {"return scenario { id = 'Bad Id', title = 'T', source = 'S', apply = function() end }",
         "scenario: id must be 1 to 64 characters of a-z, 0-9, _ and -, got \"Bad Id\""},
        {"return scenario { id = 't', title = '', source = 'S', apply = function() end }",
         "scenario 't': title must be a non-empty string"},
        {HEAD "params = { x = { defualt = 1 } } }",
         "test.lua:1: scenario 't': param \"x\": unknown field \"defualt\" (did you mean default?)"},
        {HEAD "params = { x = { doc = 'no default' } } }", "param \"x\": missing required field 'default'"},
        {HEAD "params = { x = { type = 'nmber', default = 1 } } }",
         "param \"x\": unknown type \"nmber\" (did you mean number?)"},
        {HEAD "params = { x = { default = 1, min = 2, max = 1 } } }", "param \"x\": min 2 is above max 1"},
        {HEAD "params = { x = { default = 5, min = 0, max = 1 } } }",
         "param \"x\": default must be at most 1, got 5"},
        {HEAD "params = { x = { default = 1, low = 0 } } }", "param \"x\": 'low' and 'high' go together"},
        {HEAD "params = { x = { default = 1, low = 0, high = 2, dist = 'normal' } } }",
         "param \"x\": unknown dist \"normal\""},
        {HEAD "params = { x = { default = 3, low = 0, high = 2 } } }",
         "param \"x\": default 3 lies outside low..high 0..2"},
        {HEAD "params = { x = { default = 1, choices = { 'a' } } } }",
         "param \"x\": 'choices' is for choice params, not number"},
        {HEAD "params = { x = { default = '2022-04', min = 1 } } }",
         "param \"x\": 'min' is for number and integer params, not month"},
        {HEAD "params = { x = { type = 'integer', default = 1.5 } } }",
         "param \"x\": default expected a whole number, got 1.5"},
        {HEAD "params = { ['bad name'] = { default = 1 } } }", "a param name must be a Lua name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gp_error err = load(cases[i].src);
        EXPECT_DIAG(err, GP_ERR_PLUGIN, cases[i].want);
        cr_expect_null(sc);
    }
}

Test(lua_params, apply_reading_an_unknown_param_is_an_error) {
    ASSERT_OK(load("return scenario { id = 't', title = 'T', source = 'S',\n"
                   "  params = { points = { default = 1 } },\n"
                   "  apply = function(plan, p)\n"
                   "    local x = p.pionts\n"
                   "  end }\n"));
    gp_error err = apply(NULL, 0);
    EXPECT_DIAG(err, GP_ERR_PLUGIN, "test.lua:4: scenario 't' has no param \"pionts\" (did you mean points?)");
    ASSERT_OK(load("return scenario { id = 't', title = 'T', source = 'S',\n"
                   "  params = { points = { default = 1 } },\n"
                   "  apply = function(plan, p) p.points = 2 end }\n"));
    err = apply(NULL, 0);
    EXPECT_DIAG(err, GP_ERR_PLUGIN, "test.lua:3: params are read-only (param \"points\")");
}

Test(lua_params, errors_carry_file_line_and_a_traceback) {
    ASSERT_OK(load("local function helper()\n"
                   "  error('boom')\n"
                   "end\n"
                   "return scenario { id = 't', title = 'T', source = 'S',\n"
                   "  apply = function(plan, p) helper() end }\n"));
    gp_error err = apply(NULL, 0);
    EXPECT_DIAG(err, GP_ERR_PLUGIN, "test.lua:2: boom\nstack traceback:");
    cr_expect(gp_diag_has(&diag, "test.lua:5: in"), "the traceback names the caller's line");
    cr_assert_eq(diag.count, 1);
    cr_expect_str_eq(diag.items[0].file, "test.lua");
    cr_expect_eq(diag.items[0].line, 2);

    gp_error e2 = load("return scenario {\n  id = 't',\n  title = = 'T' }\n");
    EXPECT_DIAG(e2, GP_ERR_PLUGIN, "test.lua:3: unexpected symbol near '='");
    e2 = load("local x = 1\n");
    EXPECT_DIAG(e2, GP_ERR_PLUGIN, "test.lua: the file must return scenario{...}, it returned nothing");
    e2 = load("return { id = 't' }\n");
    EXPECT_DIAG(e2, GP_ERR_PLUGIN, "the file must return scenario{...}, it returned a table value");
}

Test(lua_params, a_file_is_read_and_its_size_capped) {
    gp_lua_scenario *s = NULL;
    char *path = gp_source_path("tests/plugins/base-add.lua");
    ASSERT_OK(gp_lua_scenario_load(path, NULL, &s, &diag));
    cr_expect_str_eq(gp_lua_scenario_id(s), "base-add");
    cr_expect_str_eq(gp_lua_scenario_file(s), path);
    gp_lua_scenario_free(s);
    free(path);
    gp_error err = gp_lua_scenario_load("/nonexistent/x.lua", NULL, &s, &diag);
    EXPECT_DIAG(err, GP_ERR_IO, "/nonexistent/x.lua: cannot open the plugin: No such file or directory");
    size_t big = GP_LUA_SOURCE_MAX + 1;
    char *src = malloc(big);
    memset(src, ' ', big);
    gp_diag_clear(&diag);
    err = gp_lua_scenario_load_buffer(src, big, "big.lua", NULL, &s, &diag);
    EXPECT_DIAG(err, GP_ERR_PLUGIN, "big.lua: the plugin is over 1048576 bytes");
    free(src);
}

/* ---- use() ---------------------------------------------------------------------------------- */

static gp_error load_fixture(const char *id) {
    char *path = gp_source_path("tests/plugins/x.lua");
    char full[4096];
    snprintf(full, sizeof full, "%.*s%s.lua", (int)(strlen(path) - 5), path, id);
    free(path);
    gp_lua_options o;
    gp_lua_options_init(&o);
    o.resolve = resolve;
    gp_lua_scenario_free(sc);
    sc = NULL;
    gp_diag_clear(&diag);
    return gp_lua_scenario_load(full, &o, &sc, &diag);
}

Test(lua_params, use_composes_scenarios_with_their_params) {
    ASSERT_OK(load_fixture("uses-base"));
    ASSERT_OK(apply(NULL, 0));
    /* 0.1 + 2 * 0.02 (the override) + 0.01 (base-add's default) */
    cr_expect(gp_close(plan->units[0].groups[0].leaver_rate[0], 0.15), "%.17g",
              plan->units[0].groups[0].leaver_rate[0]);
}

Test(lua_params, use_mistakes) {
    ASSERT_OK(load_fixture("uses-bad"));
    struct {
        const char *which, *want;
    } cases[] = {
        {"range", "use: scenario 'base-add': param 'amount': must be at most 0.1, got 0.5"},
        {"missing", "use: no scenario 'no-such-scenario' on the plugin path"},
        {"wrong", "wrong-id.lua holds scenario 'other-id', not 'wrong-id'"},
        {"loop", "use: scenario 'loop-a' is already being applied (use() would loop)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gp_lua_setting set = {"which", cases[i].which};
        gp_error err = apply(&set, 1);
        EXPECT_DIAG(err, GP_ERR_PLUGIN, cases[i].want);
    }
    cr_expect(gp_diag_has(&diag, "uses-bad.lua:9:"), "the use() call's line is named");
    gp_error err = load("use('base-add')\nreturn scenario { id = 't', title = 'T', source = 'S', apply = function() end }");
    EXPECT_DIAG(err, GP_ERR_PLUGIN, "test.lua:1: use: only inside a scenario's apply");
}
