/*
** tests/test_lua_sandbox.c: what a plugin cannot do (lua/sandbox*.c), after
** Redis's scripting tests: reach files, processes, C modules or bytecode;
** exhaust memory or time, even inside pcall, a __close, a metamethod or an
** error object's __tostring; hide a loop in a finaliser; stall in one C call
** (string.rep, pattern matching); read a typo as nil; or see what another
** plugin left behind. Each breach must be a clear plugin error, never a hang
** or a crash: runaway cases carry a .timeout.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "gp_lua.h"
#include "helpers.h"
#include "sandbox.h"
#include "scenario_private.h"

static gp_diag diag;
static gp_plan *plan;

static const char plan_json[] =
    "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 12, \"units\": [\n"
    " {\"id\": \"north\", \"groups\": [\n"
    "   {\"id\": \"nurses\", \"establishment\": 100, \"staff_in_post\": 90, \"cost_per_fte\": 40000,\n"
    "    \"leaver_rate\": 0.1, \"absence_rate\": 0.05}]}]}\n";

static void setup(void) {
    gp_diag_init(&diag);
    plan = gp_load_text(plan_json, &diag);
    cr_assert(plan, "the test plan must load");
}
static void teardown(void) {
    gp_plan_free(plan);
    gp_diag_free(&diag);
}

TestSuite(lua_sandbox, .init = setup, .fini = teardown);

/* Small limits keep the runaway tests quick; one test checks the defaults. */
#define TEST_BUDGET 2000000ULL
#define TEST_MEMORY ((size_t)32 << 20)

/* A scenario whose file runs `top` first and whose apply runs `body`. */
#define PLUGIN(top, body) \
    top "\nreturn scenario { id = 't', title = 'T', source = 'S', apply = function(plan, p)\n" body "\nend }\n"

static gp_error run_with(const char *src, unsigned long long budget, size_t memory, long long seed) {
    gp_lua_options o;
    gp_lua_options_init(&o);
    o.budget = budget;
    o.memory = memory;
    o.seed = seed;
    gp_lua_scenario *sc = NULL;
    gp_diag_clear(&diag);
    gp_error err = gp_lua_scenario_load_buffer(src, strlen(src), "test.lua", &o, &sc, &diag);
    if (err == GP_OK)
        err = gp_lua_scenario_apply(sc, plan, NULL, 0, &diag);
    gp_lua_scenario_free(sc);
    return err;
}

static gp_error run(const char *src) { return run_with(src, TEST_BUDGET, TEST_MEMORY, GP_LUA_SEED_DEFAULT); }

#define EXPECT_FAILS(err, fragment)                                                               \
    do {                                                                                          \
        gp_error e_ = (err);                                                                      \
        char *t_ = gp_diag_text(&diag);                                                           \
        cr_expect_eq(e_, GP_ERR_PLUGIN, "expected a plugin error, got %s:\n%s", gp_strerror(e_), t_); \
        cr_expect(gp_diag_has(&diag, fragment), "expected \"%s\" in:\n%s", fragment, t_);         \
        free(t_);                                                                                 \
    } while (0)

#define EXPECT_OK(err)                                                                 \
    do {                                                                               \
        gp_error e_ = (err);                                                           \
        char *t_ = gp_diag_text(&diag);                                                \
        cr_expect_eq(e_, GP_OK, "expected success, got %s:\n%s", gp_strerror(e_), t_); \
        free(t_);                                                                      \
    } while (0)

#define BUDGET_TEXT "the plugin ran out of its instruction budget (2000000 instructions)"
#define MEMORY_TEXT "the plugin went over its memory cap of 33554432 bytes"

/* ---- no files, processes, modules, bytecode ------------------------------------------------ */

Test(lua_sandbox, no_io_os_execute_require_or_debug) {
    EXPECT_FAILS(run(PLUGIN("local f = io.open('/etc/passwd')", "")), "test.lua:1: undefined global 'io'");
    EXPECT_FAILS(run(PLUGIN("os.execute('true')", "")), "test.lua:1: attempt to call a nil value (field 'execute')");
    EXPECT_FAILS(run(PLUGIN("local x = os.getenv('HOME')", "")), "field 'getenv'");
    EXPECT_FAILS(run(PLUGIN("require('lfs')", "")), "test.lua:1: undefined global 'require'");
    EXPECT_FAILS(run(PLUGIN("local x = package.loadlib", "")), "undefined global 'package'");
    EXPECT_FAILS(run(PLUGIN("debug.sethook()", "")), "undefined global 'debug'");
    EXPECT_FAILS(run(PLUGIN("dofile('/etc/passwd')", "")), "undefined global 'dofile'");
    EXPECT_FAILS(run(PLUGIN("loadfile('/etc/passwd')", "")), "undefined global 'loadfile'");
    EXPECT_FAILS(run(PLUGIN("print('to stdout')", "")), "undefined global 'print'");
    EXPECT_FAILS(run(PLUGIN("coroutine.wrap(function() end)()", "")), "undefined global 'coroutine'");
    EXPECT_FAILS(run(PLUGIN("collectgarbage()", "")), "collectgarbage: only \"count\" is allowed in plugins");
    EXPECT_FAILS(run(PLUGIN("math.randomseed(1)", "")), "field 'randomseed'");
    EXPECT_OK(run(PLUGIN("assert(type(collectgarbage('count')) == 'number')\n"
                         "assert(type(os.time()) == 'number' and type(os.clock()) == 'number')\n"
                         "assert(os.date('!%Y', 0) == '1970')", "")));
}

Test(lua_sandbox, no_bytecode) {
    EXPECT_FAILS(run(PLUGIN("local f, msg = load('\\27Lua\\84\\0') error(msg, 0)", "")),
                 "attempt to load a binary chunk (mode is 't')");
    EXPECT_FAILS(run(PLUGIN("load('return 1', 'x', 'b')", "")),
                 "load: only text chunks may be loaded (mode \"t\"), not \"b\"");
    EXPECT_FAILS(run(PLUGIN("string.dump(function() end)", "")), "attempt to call a nil value (field 'dump')");
    EXPECT_FAILS(run(PLUGIN("local f = (''):dump()", "")), "attempt to call a nil value (method 'dump')");
    EXPECT_FAILS(run("\x1bLua\x54\x00 garbage"), "test.lua: attempt to load a binary chunk (mode is 't')");
    /* text chunks load into the plugin's own environment */
    EXPECT_OK(run(PLUGIN("answer = 42\nassert(load('return answer')() == 42)", "")));
}

/* ---- the string metatable, finalisers, the environment ---------------------------------------- */

Test(lua_sandbox, the_string_metatable_is_out_of_reach) {
    EXPECT_OK(run(PLUGIN("assert(getmetatable('') == false)\nassert(('x'):upper() == 'X')", "")));
    EXPECT_FAILS(run(PLUGIN("local s = getmetatable('').__index", "")), "attempt to index a boolean value");
}

Test(lua_sandbox, metatables_with_gc_are_refused) {
    EXPECT_FAILS(run(PLUGIN("setmetatable({}, {__gc = function() while true do end end})", "")),
                 "test.lua:1: setmetatable: metatables with __gc are not allowed in plugins");
    /* a placeholder __gc replaced after setmetatable would still mark the object */
    EXPECT_FAILS(run(PLUGIN("local mt = {__gc = true}\nsetmetatable({}, mt)", "")),
                 "metatables with __gc are not allowed");
    /* the binding's metatables cannot be reached to add one */
    EXPECT_OK(run(PLUGIN("", "assert(getmetatable(plan) == 'gapplan.plan')")));
    EXPECT_FAILS(run(PLUGIN("", "getmetatable(plan).__gc = function() end")), "attempt to index a string value");
}

Test(lua_sandbox, undefined_globals_are_errors) {
    EXPECT_FAILS(run(PLUGIN("local x = undefined_thing", "")), "test.lua:1: undefined global 'undefined_thing'");
    EXPECT_FAILS(run(PLUGIN("", "local n = plan_typo")), "test.lua:3: undefined global 'plan_typo'");
    EXPECT_FAILS(run(PLUGIN("setmetatable(_ENV, nil)", "")), "cannot change a protected metatable");
    EXPECT_OK(run(PLUGIN("assert(getmetatable(_ENV) == false and _G == _ENV)\nnew_global = 1\n"
                         "assert(new_global == 1 and rawget(_ENV, 'nothing') == nil)", "")));
}

Test(lua_sandbox, plugins_cannot_reach_each_other) {
    /* the first leaves a global, breaks a library and the string methods it can reach */
    EXPECT_OK(run(PLUGIN("leaked = 'secret'\nstring.upper = nil\nmath.floor = nil\ntable.insert = nil",
                         "shared = plan")));
    EXPECT_OK(run(PLUGIN("assert(rawget(_ENV, 'leaked') == nil and rawget(_ENV, 'shared') == nil)\n"
                         "assert(string.upper('a') == 'A' and ('a'):upper() == 'A')\n"
                         "assert(math.floor(1.5) == 1 and table.insert ~= nil)",
                         "")));
}

/* ---- time ------------------------------------------------------------------------------------ */

Test(lua_sandbox, an_infinite_loop_runs_out_of_budget, .timeout = 30) {
    EXPECT_FAILS(run(PLUGIN("", "while true do end")), "test.lua:3: " BUDGET_TEXT);
}

Test(lua_sandbox, pcall_cannot_swallow_the_budget, .timeout = 30) {
    EXPECT_FAILS(run(PLUGIN("while true do pcall(function() while true do end end) end", "")), BUDGET_TEXT);
    EXPECT_FAILS(run(PLUGIN("for i = 1, 1e9 do xpcall(function() while true do end end, function() while true do end end) end",
                            "")),
                 BUDGET_TEXT);
    /* a message handler would run with hooks off after a breach: it is not called then */
    EXPECT_FAILS(run(PLUGIN("xpcall(function() error('x') end, function() while true do end end)", "")), BUDGET_TEXT);
    EXPECT_FAILS(run(PLUGIN("xpcall(function() while true do end end, function() while true do end end)", "")),
                 BUDGET_TEXT);
    EXPECT_FAILS(run(PLUGIN("error(select(2, xpcall(function() error('x', 0) end, function(m) return 'handled ' .. m end)), 0)",
                            "")),
                 "test.lua: handled x");
    /* the breach is the outcome even when the plugin's code would go on to return normally */
    EXPECT_FAILS(run(PLUGIN("local ok = pcall(function() while true do end end)", "")), BUDGET_TEXT);
}

Test(lua_sandbox, loops_in_close_and_metamethods_run_out_of_budget, .timeout = 30) {
    EXPECT_FAILS(run(PLUGIN("do local x <close> = setmetatable({}, {__close = function() while true do end end}) end",
                            "")),
                 BUDGET_TEXT);
    EXPECT_FAILS(run(PLUGIN("local t = setmetatable({}, {__index = function() while true do end end})\nlocal v = t.x",
                            "")),
                 BUDGET_TEXT);
    EXPECT_FAILS(run(PLUGIN("local t = setmetatable({}, {__lt = function() while true do end end})\n"
                            "table.sort({t, t, t, t})",
                            "")),
                 BUDGET_TEXT);
}

Test(lua_sandbox, an_error_object_whose_tostring_loops, .timeout = 30) {
    EXPECT_FAILS(run(PLUGIN("error(setmetatable({}, {__tostring = function() while true do end end}))", "")),
                 BUDGET_TEXT);
    /* a well-behaved one is shown */
    EXPECT_FAILS(run(PLUGIN("error(setmetatable({}, {__tostring = function() return 'custom' end}))", "")),
                 "custom");
}

Test(lua_sandbox, deep_recursion_is_a_clean_error, .timeout = 60) {
    EXPECT_FAILS(run_with(PLUGIN("local function f(n) return 1 + f(n + 1) end\nf(1)", ""), 100000000ULL,
                          GP_LUA_MEMORY_DEFAULT, 1),
                 "stack overflow");
    EXPECT_FAILS(run(PLUGIN("local t = setmetatable({}, {})\ngetmetatable(t).__index = function(s, k) return s[k] end\n"
                            "local v = t.x",
                            "")),
                 "stack overflow");
}

Test(lua_sandbox, the_default_budget_stops_a_loop, .timeout = 60) {
    EXPECT_FAILS(run_with(PLUGIN("", "while true do end"), GP_LUA_BUDGET_DEFAULT, GP_LUA_MEMORY_DEFAULT, 1),
                 "the plugin ran out of its instruction budget (200000000 instructions)");
}

/* ---- memory ----------------------------------------------------------------------------------- */

Test(lua_sandbox, memory_bombs_hit_the_cap, .timeout = 60) {
    /* named at the line that asked for the memory, as a budget breach is */
    EXPECT_FAILS(run_with(PLUGIN("local t = {}\nfor i = 1, 1e9 do t[i] = i end", ""), GP_LUA_BUDGET_DEFAULT,
                          TEST_MEMORY, 1),
                 "test.lua:2: " MEMORY_TEXT);
    EXPECT_FAILS(run_with(PLUGIN("local s = 'x'\nwhile true do s = s .. s end", ""), GP_LUA_BUDGET_DEFAULT,
                          TEST_MEMORY, 1),
                 "test.lua:2: " MEMORY_TEXT);
    /* caught by pcall, still the outcome */
    EXPECT_FAILS(run_with(PLUGIN("pcall(function() local t = {} for i = 1, 1e9 do t[i] = {} end end)", ""),
                          GP_LUA_BUDGET_DEFAULT, TEST_MEMORY, 1),
                 "test.lua:1: " MEMORY_TEXT);
    /* in an apply, at the apply's line */
    EXPECT_FAILS(run_with(PLUGIN("", "local t = {}\nfor i = 1, 1e9 do t[i] = {} end"), GP_LUA_BUDGET_DEFAULT,
                          TEST_MEMORY, 1),
                 "test.lua:4: " MEMORY_TEXT);
}

Test(lua_sandbox, string_rep_bombs, .timeout = 30) {
    EXPECT_FAILS(run(PLUGIN("local s = ('x'):rep(1e9)", "")),
                 "test.lua:1: string.rep: the result would be over 16777216 bytes, the limit for plugins");
    EXPECT_FAILS(run(PLUGIN("local s = string.rep('', 1e6, ('x'):rep(100))", "")), "string.rep: the result");
    /* nothing repeated: done at once, not 1e15 empty copies */
    EXPECT_OK(run(PLUGIN("assert(('' ):rep(1e15) == '' and string.rep('', 1e15, '') == '')\n"
                         "assert(('ab'):rep(3, ',') == 'ab,ab,ab')",
                         "")));
}

Test(lua_sandbox, a_tiny_memory_cap_is_reported) {
    EXPECT_FAILS(run_with(PLUGIN("", ""), TEST_BUDGET, 4096, 1), "could not start Lua");
}

/* ---- patterns ----------------------------------------------------------------------------------- */

Test(lua_sandbox, the_pattern_blowup_is_refused, .timeout = 30) {
    EXPECT_FAILS(run(PLUGIN("local i = ('a'):rep(400):find(('a-'):rep(3) .. 'b')", "")),
                 "string.find: this pattern could take up to");
    EXPECT_FAILS(run(PLUGIN("for w in ('a'):rep(2000):gmatch('a*a*a*b') do end", "")), "string.gmatch:");
    EXPECT_FAILS(run(PLUGIN("local s = ('a'):rep(3000):gsub('(a*)(a*)(a*)b', '')", "")), "string.gsub:");
    /* ordinary patterns on ordinary strings still work, plain find is never refused */
    EXPECT_OK(run(PLUGIN("assert(('  nurses  '):match('^%s*(.-)%s*$') == 'nurses')\n"
                         "assert(('2023/24'):match('^(%d%d%d%d)/(%d%d)$') == '2023')\n"
                         "assert(select(2, ('a,b,c'):gsub(',', ';')) == 2)\n"
                         "assert(('a'):rep(100000):find('a-a-a-b', 1, true) == nil)\n"
                         "local n = 0 for k, v in ('a=1, b=2'):gmatch('(%w+)=(%w+)') do n = n + 1 end assert(n == 2)",
                         "")));
    /* a repeated class that is rare in the subject keeps a long subject cheap */
    EXPECT_OK(run(PLUGIN("local s = (' '):rep(10) .. ('x'):rep(5000) .. (' '):rep(10)\n"
                         "assert(#s:match('^%s*(.-)%s*$') == 5000)\n"
                         "assert(('nurses_2'):match('^[%w_]+$') and not ('a b'):match('^[^ ]+$'))",
                         "")));
}

Test(lua_sandbox, expensive_matches_are_charged_to_the_budget, .timeout = 30) {
    /* each find is under the limit (C(154, 4) steps) but costs that much budget */
    EXPECT_FAILS(run(PLUGIN("local s = ('a'):rep(150)\nfor i = 1, 1e9 do s:find('a-a-a-b') end", "")), BUDGET_TEXT);
}

/* ---- determinism ------------------------------------------------------------------------------ */

Test(lua_sandbox, math_random_is_seeded) {
    const char *src = PLUGIN("", "plan.units.north.groups.nurses.establishment = math.random(1, 1000000)");
    EXPECT_OK(run_with(src, TEST_BUDGET, TEST_MEMORY, 7));
    double first = plan->units[0].groups[0].establishment;
    EXPECT_OK(run_with(src, TEST_BUDGET, TEST_MEMORY, 7));
    cr_expect_eq(plan->units[0].groups[0].establishment, first, "the same seed gives the same numbers");
    EXPECT_OK(run_with(src, TEST_BUDGET, TEST_MEMORY, 8));
    cr_expect_neq(plan->units[0].groups[0].establishment, first, "another seed gives others");
}

/* ---- handles expire --------------------------------------------------------------------------- */

/* In a sandbox: hand out the plan, end the edit, then use the saved handle. */
static int expiry_step(lua_State *L) {
    gp_plan *p = lua_touserdata(L, 1);
    gp_sandbox_new_env(L);
    int env = lua_gettop(L);
    gp_bind_begin(L, p);
    lua_setfield(L, env, "saved");
    gp_bind_end(L);
    gp_bind_begin(L, p); /* a later edit of the same plan does not revive old handles */
    lua_pop(L, 1);
    static const char src[] = "return saved.units";
    cr_assert_eq(gp_sandbox_load(L, src, sizeof src - 1, "expiry.lua"), LUA_OK);
    int status = gp_lua_pcall(L, 0, 1);
    cr_expect_neq(status, LUA_OK);
    cr_expect(strstr(lua_tostring(L, -1), "this plan object was used after its scenario run ended"), "%s",
              lua_tostring(L, -1));
    gp_bind_end(L);
    return 0;
}

Test(lua_sandbox, handles_expire_when_the_run_ends) {
    lua_State *L = gp_sandbox_open(TEST_BUDGET, TEST_MEMORY, 1, NULL);
    cr_assert(L);
    lua_pushcfunction(L, expiry_step);
    lua_pushlightuserdata(L, plan);
    cr_expect_eq(lua_pcall(L, 1, 0, 0), LUA_OK);
    gp_sandbox_close(L);
}

/* ---- a scenario applied again and again (mc) keeps its state, not what a step left in it --------------- */

static gp_lua_scenario *load_kept(const char *src, unsigned long long budget) {
    gp_lua_options o;
    gp_lua_options_init(&o);
    o.budget = budget;
    o.memory = TEST_MEMORY;
    o.seed = 7;
    gp_lua_scenario *sc = NULL;
    gp_diag_clear(&diag);
    EXPECT_OK(gp_lua_scenario_load_buffer(src, strlen(src), "test.lua", &o, &sc, &diag));
    cr_assert(sc);
    return sc;
}

Test(lua_sandbox, each_apply_of_a_kept_state_starts_afresh) {
    /* an upvalue, a global, a library entry and math.random: each apply must see them as the first did */
    gp_lua_scenario *sc = load_kept(
        PLUGIN("local applies = 0\n"
               "assert(rawget(_ENV, 'leaked') == nil and math.floor(1.5) == 1 and string.upper('a') == 'A')",
               "applies = applies + 1\nleaked = true\nmath.floor = nil\nstring.upper = nil\n"
               "local g = plan.units.north.groups.nurses\n"
               "g.establishment = applies\ng.staff_in_post = math.random(1, 90)"),
        TEST_BUDGET);
    EXPECT_OK(gp_lua_scenario_apply(sc, plan, NULL, 0, &diag));
    double drawn = plan->units[0].groups[0].staff_in_post;
    for (int i = 0; i < 5; i++) {
        EXPECT_OK(gp_lua_scenario_apply(sc, plan, NULL, 0, &diag));
        cr_expect_eq(plan->units[0].groups[0].establishment, 1, "apply %d saw an earlier apply's upvalue", i + 2);
        cr_expect_eq(plan->units[0].groups[0].staff_in_post, drawn, "apply %d: math.random restarts at the seed",
                     i + 2);
    }
    gp_lua_scenario_free(sc);
}


Test(lua_sandbox, a_library_is_copied_whole_for_each_apply_however_it_is_reached) {
    /* an environment copies a library when the plugin first reads it: through _G, _ENV or a plain name */
    gp_lua_scenario *sc = load_kept(
        PLUGIN("local n = 0\nfor _ in pairs(math) do n = n + 1 end\n"
               "assert(n > 20 and rawget(_ENV, 'math') == math and math.pi > 3)\n"
               "assert(_G.string.upper('a') == 'A' and _ENV['table'].concat({'a', 'b'}) == 'ab')",
               "_G.math.floor = nil\n_ENV['string'].upper = nil\ntable = nil\nutf8.char = nil\n"
               "assert(math.floor == nil and string.upper == nil and utf8.char == nil)"),
        TEST_BUDGET);
    for (int i = 0; i < 3; i++)
        EXPECT_OK(gp_lua_scenario_apply(sc, plan, NULL, 0, &diag));
    gp_lua_scenario_free(sc);
}
Test(lua_sandbox, each_apply_of_a_kept_state_has_the_whole_budget, .timeout = 30) {
    /* about 60% of the budget each time: a budget carried over would run out on the second apply */
    gp_lua_scenario *sc = load_kept(PLUGIN("", "local x = 0\nfor i = 1, 300000 do x = x + i end"), TEST_BUDGET);
    for (int i = 0; i < 4; i++)
        EXPECT_OK(gp_lua_scenario_apply(sc, plan, NULL, 0, &diag));
    gp_lua_scenario_free(sc);
}

Test(lua_sandbox, an_apply_after_a_failed_one_runs_cleanly, .timeout = 30) {
    gp_lua_scenario *sc = load_kept(
        "return scenario { id = 't', title = 'T', source = 'S', params = { loop = { default = false } },\n"
        "  apply = function(plan, p) while p.loop do end plan.units.north.groups.nurses.establishment = 123 end }\n",
        TEST_BUDGET);
    gp_lua_setting loop = {"loop", "true"};
    EXPECT_FAILS(gp_lua_scenario_apply(sc, plan, &loop, 1, &diag), BUDGET_TEXT);
    gp_diag_clear(&diag);
    EXPECT_OK(gp_lua_scenario_apply(sc, plan, NULL, 0, &diag));
    cr_expect_eq(plan->units[0].groups[0].establishment, 123);
    gp_lua_scenario_free(sc);
}

Test(lua_sandbox, applying_many_times_holds_one_applys_values) {
    gp_lua_scenario *sc = load_kept(
        "return scenario { id = 't', title = 'T', source = 'S', params = { n = { default = 1, low = 0, high = 9 } },\n"
        "  apply = function(plan, p) plan.units.north.groups.nurses.establishment = 100 + p.n end }\n",
        TEST_BUDGET);
    gp_lua_setting set = {"n", "2"};
    EXPECT_OK(gp_lua_scenario_apply(sc, plan, &set, 1, &diag));
    size_t kept = sc->pool.n, per_apply = sc->per_apply.n;
    for (int i = 0; i < 1000; i++) {
        char text[8];
        snprintf(text, sizeof text, "%d", i % 10);
        set.value = text;
        EXPECT_OK(gp_lua_scenario_apply(sc, plan, &set, 1, &diag));
    }
    cr_expect_eq(sc->pool.n, kept, "the scenario's own blocks do not grow with applies");
    cr_expect_eq(sc->per_apply.n, per_apply, "one apply's values are kept, not 1,000");
    cr_expect_str_eq(gp_lua_scenario_info(sc)->params[0].json, "9", "the last apply's value is recorded");
    cr_expect_eq(plan->units[0].groups[0].establishment, 109);
    gp_lua_scenario_free(sc);
}
