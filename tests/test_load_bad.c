/*
** tests/test_load_bad.c: bad plans, each with the exact message a user must
** see (file, JSON path, problem), so a change of wording or path is a
** deliberate act; a plan with many problems reports every one of them; and
** hostile files (missing, a directory, empty, deeply nested, overflowing,
** truncated, not UTF-8) fail cleanly with a message naming the file.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

static gp_diag diag;

static void setup(void) { gp_diag_init(&diag); }
static void teardown(void) { gp_diag_free(&diag); }

TestSuite(load_bad, .init = setup, .fini = teardown);

/* ---- building blocks of small plans ---------------------------------------------- */

/* A staff group's required fields but leaver_rate. */
#define G_REQ "\"establishment\": 100, \"staff_in_post\": 90, \"cost_per_fte\": 40000, \"absence_rate\": 0.05"
/* A valid group, with more fields `x` (each starting with ", ") that are not leaver_rate. */
#define GROUP(x) "{\"id\": \"nurses\", " G_REQ ", \"leaver_rate\": 0.1" x "}"
/* A group without leaver_rate: `x` may give it. */
#define GROUP_NO_LR(x) "{\"id\": \"nurses\", " G_REQ x "}"
#define UNIT(x) "{\"id\": \"north\", \"groups\": [" GROUP("") "]" x "}"
#define PLAN_OF(units) "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 24, \"units\": [" units "]}"
#define WITH_GROUP(x) PLAN_OF("{\"id\": \"north\", \"groups\": [" GROUP(x) "]}")
#define WITH_GROUP_NO_LR(x) PLAN_OF("{\"id\": \"north\", \"groups\": [" GROUP_NO_LR(x) "]}")
#define WITH_UNIT(x) PLAN_OF(UNIT(x))
/* The top level from its pieces: each a `"key": value, ` or "". */
#define TOP(version, start, months) "{" version start months "\"units\": [" UNIT("") "]}"
#define FINANCE(x) WITH_UNIT(", \"finance\": {\"revenue_envelope\": 1e6" x "}")
#define BACKLOG(x) WITH_UNIT(", \"backlog\": {\"waiting_list\": 100, \"referrals\": 10, \"capacity\": 10" x "}")

#define P "plan.json: "
#define G P "units[0].groups[0]"

typedef struct bad_plan {
    const char *what;
    const char *json;
    const char *messages[4]; /* every message, in order; the rest NULL */
} bad_plan;

static const bad_plan bad_plans[] = {
    /* the top level */
    {"not an object", "[1, 2]", {P "the plan must be a JSON object, got an array"}},
    {"missing version", TOP("", "\"start\": \"2022-04\", ", "\"months\": 12, "),
     {P "missing required field 'gapplan'"}},
    {"version 2", TOP("\"gapplan\": 2, ", "\"start\": \"2022-04\", ", "\"months\": 12, "),
     {P "gapplan: unsupported format version 2: this gapplan reads version 1"}},
    {"version as text", TOP("\"gapplan\": \"1\", ", "\"start\": \"2022-04\", ", "\"months\": 12, "),
     {P "gapplan: must be the format version 1, got a string"}},
    {"missing start", TOP("\"gapplan\": 1, ", "", "\"months\": 12, "), {P "missing required field 'start'"}},
    {"start month 13", TOP("\"gapplan\": 1, ", "\"start\": \"2022-13\", ", "\"months\": 12, "),
     {P "start: bad month label: the month must be 01 to 12, got \"2022-13\""}},
    {"start as an FY", TOP("\"gapplan\": 1, ", "\"start\": \"2022/23\", ", "\"months\": 12, "),
     {P "start: must be a month label (YYYY-MM), not a financial year, got \"2022/23\""}},
    {"start as words", TOP("\"gapplan\": 1, ", "\"start\": \"April 2022\", ", "\"months\": 12, "),
     {P "start: bad month label: expected YYYY-MM, such as 2022-04, got \"April 2022\""}},
    {"start as a number", TOP("\"gapplan\": 1, ", "\"start\": 202204, ", "\"months\": 12, "),
     {P "start: must be a month label such as \"2022-04\", got a number"}},
    {"start year 1899", TOP("\"gapplan\": 1, ", "\"start\": \"1899-12\", ", "\"months\": 12, "),
     {P "start: bad month label: the year must be 1900 to 2199, got \"1899-12\""}},
    {"missing months", TOP("\"gapplan\": 1, ", "\"start\": \"2022-04\", ", ""),
     {P "missing required field 'months'"}},
    {"months 60.5", TOP("\"gapplan\": 1, ", "\"start\": \"2022-04\", ", "\"months\": 60.5, "),
     {P "months: must be a whole number, got 60.5"}},
    {"months 0", TOP("\"gapplan\": 1, ", "\"start\": \"2022-04\", ", "\"months\": 0, "),
     {P "months: must be within [1, 600], got 0"}},
    {"months 601", TOP("\"gapplan\": 1, ", "\"start\": \"2022-04\", ", "\"months\": 601, "),
     {P "months: must be within [1, 600], got 601"}},
    {"months as text", TOP("\"gapplan\": 1, ", "\"start\": \"2022-04\", ", "\"months\": \"60\", "),
     {P "months: must be a number, got a string"}},
    {"months null", TOP("\"gapplan\": 1, ", "\"start\": \"2022-04\", ", "\"months\": null, "),
     {P "months: null is not allowed: this field is required"}},
    {"name not a string", "{\"gapplan\": 1, \"name\": 5, \"start\": \"2022-04\", \"months\": 12, \"units\": [" UNIT("") "]}",
     {P "name: must be a string, got a number"}},
    {"description null",
     "{\"gapplan\": 1, \"description\": null, \"start\": \"2022-04\", \"months\": 12, \"units\": [" UNIT("") "]}",
     {P "description: null is not allowed: leave the key out to use the default"}},
    {"top-level typo", "{\"gapplan\": 1, \"nmae\": \"x\", \"start\": \"2022-04\", \"months\": 12, \"units\": [" UNIT("") "]}",
     {P "nmae: unknown key; did you mean name?"}},
    {"top-level stranger", "{\"gapplan\": 1, \"zzz\": 1, \"start\": \"2022-04\", \"months\": 12, \"units\": [" UNIT("") "]}",
     {P "unknown key 'zzz'; known keys: gapplan, name, description, start, months, units, ranges, systems"}},
    {"missing units", "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 12}", {P "missing required field 'units'"}},
    {"units an object", "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 12, \"units\": {}}",
     {P "units: must be an array of units, got an object"}},
    {"no units", PLAN_OF(""), {P "units: must have at least one unit"}},

    /* units */
    {"unit a number", PLAN_OF("5"), {P "units[0]: must be an object, got a number"}},
    {"unit without id", PLAN_OF("{\"groups\": [" GROUP("") "]}"), {P "units[0]: missing required field 'id'"}},
    {"unit id with capitals and a space", PLAN_OF("{\"id\": \"North East\", \"groups\": [" GROUP("") "]}"),
     {P "units[0].id: invalid id \"North East\": use 1 to 64 characters of a-z, 0-9, _ and -"}},
    {"unit id empty", PLAN_OF("{\"id\": \"\", \"groups\": [" GROUP("") "]}"),
     {P "units[0].id: invalid id \"\": use 1 to 64 characters of a-z, 0-9, _ and -"}},
    {"unit id a number", PLAN_OF("{\"id\": 7, \"groups\": [" GROUP("") "]}"),
     {P "units[0].id: must be a string, got a number"}},
    {"unit id null", PLAN_OF("{\"id\": null, \"groups\": [" GROUP("") "]}"),
     {P "units[0].id: null is not allowed: this field is required"}},
    {"duplicate unit ids", PLAN_OF(UNIT("") ", " UNIT("")),
     {P "units[1].id: duplicate id \"north\" (also units[0])"}},
    {"unit without groups", PLAN_OF("{\"id\": \"north\"}"), {P "units[0]: missing required field 'groups'"}},
    {"unit with no groups", PLAN_OF("{\"id\": \"north\", \"groups\": []}"),
     {P "units[0].groups: must have at least one staff group"}},
    {"groups an object", PLAN_OF("{\"id\": \"north\", \"groups\": {}}"),
     {P "units[0].groups: must be an array of staff groups, got an object"}},
    {"unit stranger", WITH_UNIT(", \"zzz\": 1"),
     {P "units[0]: unknown key 'zzz'; known keys: id, name, description, groups, finance, backlog"}},
    {"unit typo", WITH_UNIT(", \"financ\": {}"), {P "units[0].financ: unknown key; did you mean finance?"}},
    {"unit name null", WITH_UNIT(", \"name\": null"),
     {P "units[0].name: null is not allowed: leave the key out to use the default"}},

    /* staff groups */
    {"group not an object", PLAN_OF("{\"id\": \"north\", \"groups\": [\"nurses\"]}"),
     {G ": must be an object, got a string"}},
    {"group without id", PLAN_OF("{\"id\": \"north\", \"groups\": [{" G_REQ ", \"leaver_rate\": 0.1}]}"),
     {G ": missing required field 'id'"}},
    {"group id total", PLAN_OF("{\"id\": \"north\", \"groups\": [{\"id\": \"total\", " G_REQ ", \"leaver_rate\": 0.1}]}"),
     {G ".id: the id \"total\" is reserved for the unit's total: choose another"}},
    {"duplicate group ids", PLAN_OF("{\"id\": \"north\", \"groups\": [" GROUP("") ", " GROUP("") "]}"),
     {P "units[0].groups[1].id: duplicate id \"nurses\" (also units[0].groups[0])"}},
    {"missing leaver_rate", WITH_GROUP_NO_LR(""), {G ": missing required field 'leaver_rate'"}},
    {"missing establishment",
     PLAN_OF("{\"id\": \"north\", \"groups\": [{\"id\": \"a\", \"staff_in_post\": 1, \"cost_per_fte\": 1, "
             "\"absence_rate\": 0, \"leaver_rate\": 0}]}"),
     {G ": missing required field 'establishment'"}},
    {"leaver_rate 1.7", WITH_GROUP_NO_LR(", \"leaver_rate\": 1.7"),
     {G ".leaver_rate: must be within [0, 1], got 1.7"}},
    {"leaver_rate as text", WITH_GROUP_NO_LR(", \"leaver_rate\": \"0.1\""),
     {G ".leaver_rate: must be a number or an object of FY or month keys, got a string"}},
    {"leaver_rate null", WITH_GROUP_NO_LR(", \"leaver_rate\": null"),
     {G ".leaver_rate: null is not allowed: this field is required"}},
    {"fill_rate null", WITH_GROUP(", \"fill_rate\": null"),
     {G ".fill_rate: null is not allowed: leave the key out to use the default"}},
    {"negative establishment growth beyond -0.5", WITH_GROUP(", \"establishment_growth\": {\"2023/24\": -0.6}"),
     {G ".establishment_growth[\"2023/24\"]: must be within [-0.5, 1], got -0.6"}},
    {"negative international", WITH_GROUP(", \"international\": -12"), {G ".international: must be >= 0, got -12"}},
    {"negative cost", PLAN_OF("{\"id\": \"north\", \"groups\": [{\"id\": \"a\", \"establishment\": 1, "
                              "\"staff_in_post\": 1, \"cost_per_fte\": -5, \"absence_rate\": 0, \"leaver_rate\": 0}]}"),
     {G ".cost_per_fte: must be >= 0, got -5"}},
    {"establishment as text", PLAN_OF("{\"id\": \"north\", \"groups\": [{\"id\": \"a\", \"establishment\": \"1\", "
                                      "\"staff_in_post\": 1, \"cost_per_fte\": 5, \"absence_rate\": 0, "
                                      "\"leaver_rate\": 0}]}"),
     {G ".establishment: must be a number, got a string"}},
    {"intake month 13", WITH_GROUP(", \"intake_month\": 13"), {G ".intake_month: must be within [1, 12], got 13"}},
    {"intake month 9.5", WITH_GROUP(", \"intake_month\": 9.5"), {G ".intake_month: must be a whole number, got 9.5"}},
    {"clinical as text", WITH_GROUP(", \"clinical\": \"yes\""), {G ".clinical: must be true or false, got a string"}},
    {"premium negative", WITH_GROUP(", \"agency_premium\": {\"2022-04\": 1.5, \"2022-09\": -1}"),
     {G ".agency_premium[\"2022-09\"]: must be >= 0, got -1"}},
    {"bank and agency over 1 from 2023-04",
     WITH_GROUP(", \"bank_fill\": {\"2022/23\": 0.3, \"2023/24\": 0.7}, \"agency_fill\": 0.5"),
     {G ": bank_fill + agency_fill is 1.2 in 2023-04: must be at most 1"}},
    {"group typo", WITH_GROUP_NO_LR(", \"leaver_rat\": 0.1"),
     {G ".leaver_rat: unknown key; did you mean leaver_rate?", G ": missing required field 'leaver_rate'"}},
    {"keys are case-sensitive", WITH_GROUP_NO_LR(", \"Leaver_rate\": 0.1"),
     {G ".Leaver_rate: unknown key; did you mean leaver_rate?", G ": missing required field 'leaver_rate'"}},
    {"group stranger", WITH_GROUP(", \"zzzzzz\": 1"), {G ": unknown key 'zzzzzz'"}},

    /* schedules inside a plan */
    {"schedule mixes FY and month keys", WITH_GROUP(", \"fill_rate\": {\"2022/23\": 0.1, \"2022-10\": 0.2}"),
     {G ".fill_rate: mixes FY keys (\"2022/23\") and month keys (\"2022-10\"): use one kind"}},
    {"empty schedule", WITH_GROUP(", \"fill_rate\": {}"),
     {G ".fill_rate: empty schedule: give a number, or FY or month keys"}},
    {"bad FY label", WITH_GROUP(", \"pay_award\": {\"2022/24\": 0.03}"),
     {G ".pay_award[\"2022/24\"]: bad FY label: the FY starting in April 2022 is 2022/23"}},
    {"range checked after the horizon", WITH_GROUP(", \"fill_rate\": {\"2022/23\": 0.1, \"2040/41\": 3}"),
     {G ".fill_rate[\"2040/41\"]: must be within [0, 1], got 3"}},

    /* finance */
    {"finance an array", WITH_UNIT(", \"finance\": []"), {P "units[0].finance: must be an object, got an array"}},
    {"finance null", WITH_UNIT(", \"finance\": null"),
     {P "units[0].finance: null is not allowed: leave the key out to use the default"}},
    {"finance without envelope", WITH_UNIT(", \"finance\": {\"non_pay\": 5}"),
     {P "units[0].finance: missing required field 'revenue_envelope'"}},
    {"negative envelope", WITH_UNIT(", \"finance\": {\"revenue_envelope\": {\"2022/23\": -1}}"),
     {P "units[0].finance.revenue_envelope[\"2022/23\"]: must be >= 0, got -1"}},
    {"efficiency over 1", FINANCE(", \"efficiency_required\": 1.1"),
     {P "units[0].finance.efficiency_required: must be within [0, 1], got 1.1"}},
    {"pressures an object", FINANCE(", \"pressures\": {\"covid\": 1}"),
     {P "units[0].finance.pressures: must be an array of {\"name\", \"amounts\"} objects, got an object"}},
    {"pressure not an object", FINANCE(", \"pressures\": [1]"),
     {P "units[0].finance.pressures[0]: must be an object, got a number"}},
    {"pressure without name", FINANCE(", \"pressures\": [{\"amounts\": 1}]"),
     {P "units[0].finance.pressures[0]: missing required field 'name'"}},
    {"pressure with an empty name", FINANCE(", \"pressures\": [{\"name\": \"\", \"amounts\": 1}]"),
     {P "units[0].finance.pressures[0].name: must not be empty"}},
    {"funding without amounts", FINANCE(", \"funding\": [{\"name\": \"settlement\"}]"),
     {P "units[0].finance.funding[0]: missing required field 'amounts'"}},
    {"funding amounts null", FINANCE(", \"funding\": [{\"name\": \"settlement\", \"amounts\": null}]"),
     {P "units[0].finance.funding[0].amounts: null is not allowed: this field is required"}},
    {"duplicate pressure names",
     FINANCE(", \"pressures\": [{\"name\": \"covid\", \"amounts\": 1}, {\"name\": \"covid\", \"amounts\": 2}]"),
     {P "units[0].finance.pressures[1].name: duplicate name \"covid\" (also units[0].finance.pressures[0])"}},
    {"line typo", FINANCE(", \"funding\": [{\"name\": \"x\", \"amount\": 1}]"),
     {P "units[0].finance.funding[0].amount: unknown key; did you mean amounts?",
      P "units[0].finance.funding[0]: missing required field 'amounts'"}},
    {"negative scheme", FINANCE(", \"capital\": {\"schemes\": [{\"name\": \"ward\", \"amounts\": -5}]}"),
     {P "units[0].finance.capital.schemes[0].amounts: must be >= 0, got -5"}},
    {"capital envelope text", FINANCE(", \"capital\": {\"envelope\": \"5\"}"),
     {P "units[0].finance.capital.envelope: must be a number or an object of FY or month keys, got a string"}},
    {"capital typo", FINANCE(", \"capital\": {\"envelop\": 5}"),
     {P "units[0].finance.capital.envelop: unknown key; did you mean envelope?"}},
    {"capital an array", FINANCE(", \"capital\": []"), {P "units[0].finance.capital: must be an object, got an array"}},
    {"finance typo", FINANCE(", \"pressure\": []"), {P "units[0].finance.pressure: unknown key; did you mean pressures?"}},

    /* backlog */
    {"backlog without its required fields", WITH_UNIT(", \"backlog\": {}"),
     {P "units[0].backlog: missing required field 'waiting_list'",
      P "units[0].backlog: missing required field 'referrals'",
      P "units[0].backlog: missing required field 'capacity'"}},
    {"elasticity over 10", BACKLOG(", \"workforce_elasticity\": 11"),
     {P "units[0].backlog.workforce_elasticity: must be within [0, 10], got 11"}},
    {"longest first share 1.5", BACKLOG(", \"longest_first_share\": {\"2023-01\": 1.5}"),
     {P "units[0].backlog.longest_first_share[\"2023-01\"]: must be within [0, 1], got 1.5"}},
    {"empty wait profile", BACKLOG(", \"wait_profile\": []"),
     {P "units[0].backlog.wait_profile: must have 1 to 25 weights (months waited 0 to 24), got 0"}},
    {"26 weights", BACKLOG(", \"wait_profile\": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]"),
     {P "units[0].backlog.wait_profile: must have 1 to 25 weights (months waited 0 to 24), got 26"}},
    {"negative weight", BACKLOG(", \"wait_profile\": [1, -1]"),
     {P "units[0].backlog.wait_profile[1]: must be >= 0, got -1"}},
    {"weight as text", BACKLOG(", \"wait_profile\": [\"1\"]"),
     {P "units[0].backlog.wait_profile[0]: must be a number, got a string"}},
    {"zero weights", BACKLOG(", \"wait_profile\": [0, 0]"),
     {P "units[0].backlog.wait_profile: the weights must not all be 0"}},
    {"wait profile a number", BACKLOG(", \"wait_profile\": 0.85"),
     {P "units[0].backlog.wait_profile: must be an array of 1 to 25 weights, got a number"}},
    {"backlog typo", BACKLOG(", \"wait_profiles\": [1]"),
     {P "units[0].backlog.wait_profiles: unknown key; did you mean wait_profile?"}},
};

/* Load `json`; it must fail with exactly the messages `want` (NULL-terminated, up to 4). */
static void expect_bad(const char *what, const char *json, const char *const *want) {
    gp_diag_clear(&diag);
    gp_plan *plan = (gp_plan *)0x1;
    gp_error err = gp_plan_load_buffer(json, strlen(json), "plan.json", &plan, &diag);
    char *text = gp_diag_text(&diag);
    cr_expect_eq(err, GP_ERR_INVALID, "%s: error %d", what, err);
    cr_expect_null(plan, "%s: *out must be NULL on failure", what);
    size_t n = 0;
    while (n < 4 && want[n])
        n++;
    cr_expect_eq(diag.count, n, "%s: expected %zu messages, got:\n%s", what, n, text);
    char buf[1024];
    for (size_t i = 0; i < n && i < diag.count; i++) {
        gp_diag_format(&diag.items[i], buf, sizeof buf);
        cr_expect_str_eq(buf, want[i], "%s: message %zu", what, i);
    }
    free(text);
}

Test(load_bad, table_of_bad_plans) {
    size_t checked = 0;
    for (size_t i = 0; i < sizeof bad_plans / sizeof bad_plans[0]; i++) {
        expect_bad(bad_plans[i].what, bad_plans[i].json, bad_plans[i].messages);
        checked++;
    }
    cr_expect_geq(checked, 40);
}

Test(load_bad, every_problem_is_reported) {
    static const char json[] =
        "{\"gapplan\": 1, \"start\": \"2022-04\", \"months\": 24, \"units\": [\n"
        " {\"id\": \"north\", \"groups\": [\n"
        "   {\"id\": \"nurses\", \"establishment\": -1, \"staff_in_post\": 90, \"cost_per_fte\": 40000,\n"
        "    \"leaver_rate\": {\"2022/23\": 0.1, \"2023/24\": 1.7}, \"absence_rate\": \"5%\", \"leaver_rat\": 1},\n"
        "   {\"id\": \"nurses\", \"establishment\": 1, \"staff_in_post\": 1, \"cost_per_fte\": 1,\n"
        "    \"leaver_rate\": 0.1, \"absence_rate\": 0.05, \"bank_fill\": 0.6, \"agency_fill\": 0.6}],\n"
        "  \"finance\": {\"pressures\": [{\"name\": \"a\", \"amounts\": 1}, {\"name\": \"a\", \"amounts\": {}}]}},\n"
        " {\"id\": \"North\", \"groups\": []},\n"
        " {\"id\": \"north\", \"groups\": [{\"id\": \"x\"}], \"backlog\": {\"waiting_list\": 5, \"referrals\": 1,\n"
        "   \"capacity\": 1, \"wait_profile\": [1, -2, \"3\"]}}]}\n";
    const char *const want[] = {
        P "units[0].groups[0].establishment: must be >= 0, got -1",
        P "units[0].groups[0].leaver_rate[\"2023/24\"]: must be within [0, 1], got 1.7",
        P "units[0].groups[0].absence_rate: must be a number or an object of FY or month keys, got a string",
        P "units[0].groups[0].leaver_rat: unknown key; did you mean leaver_rate?",
        P "units[0].groups[1]: bank_fill + agency_fill is 1.2 in 2022-04: must be at most 1",
        P "units[0].groups[1].id: duplicate id \"nurses\" (also units[0].groups[0])",
        P "units[0].finance.pressures[1].amounts: empty schedule: give a number, or FY or month keys",
        P "units[0].finance.pressures[1].name: duplicate name \"a\" (also units[0].finance.pressures[0])",
        P "units[0].finance: missing required field 'revenue_envelope'",
        P "units[1].id: invalid id \"North\": use 1 to 64 characters of a-z, 0-9, _ and -",
        P "units[1].groups: must have at least one staff group",
        P "units[2].groups[0]: missing required field 'establishment'",
        P "units[2].groups[0]: missing required field 'staff_in_post'",
        P "units[2].groups[0]: missing required field 'leaver_rate'",
        P "units[2].groups[0]: missing required field 'absence_rate'",
        P "units[2].groups[0]: missing required field 'cost_per_fte'",
        P "units[2].backlog.wait_profile[1]: must be >= 0, got -2",
        P "units[2].backlog.wait_profile[2]: must be a number, got a string",
        P "units[2].id: duplicate id \"north\" (also units[0])",
    };
    gp_plan *plan = NULL;
    cr_assert_eq(gp_plan_load_buffer(json, strlen(json), "plan.json", &plan, &diag), GP_ERR_INVALID);
    cr_assert_null(plan);
    char *text = gp_diag_text(&diag);
    size_t n = sizeof want / sizeof want[0];
    cr_expect_eq(diag.count, n, "expected %zu messages, got:\n%s", n, text);
    char buf[1024];
    for (size_t i = 0; i < n && i < diag.count; i++) {
        gp_diag_format(&diag.items[i], buf, sizeof buf);
        cr_expect_str_eq(buf, want[i], "message %zu", i);
    }
    free(text);
}

Test(load_bad, a_broken_start_still_checks_every_schedule) {
    /* Without a calendar nothing is expanded, but values, labels and keys are still checked. */
    static const char json[] =
        "{\"gapplan\": 1, \"start\": \"2022-4\", \"months\": 24, \"units\": [{\"id\": \"north\", \"groups\": ["
        GROUP_NO_LR(", \"leaver_rate\": {\"2022/23\": 2, \"2023-13\": 0}, \"bank_fill\": 1, \"agency_fill\": 1") "]}]}";
    const char *const want[] = {
        P "start: bad month label: expected YYYY-MM, such as 2022-04, got \"2022-4\"",
        G ".leaver_rate[\"2022/23\"]: must be within [0, 1], got 2",
        G ".leaver_rate[\"2023-13\"]: bad month label: the month must be 01 to 12",
        NULL,
    };
    expect_bad("broken start", json, want);
}

/* ---- hostile files ------------------------------------------------------------------ */

static char *dir;

static void file_setup(void) {
    gp_diag_init(&diag);
    dir = gp_temp_dir();
    cr_assert(dir);
}
static void file_teardown(void) {
    gp_diag_free(&diag);
    gp_rm_rf(dir);
    free(dir);
}

TestSuite(load_file, .init = file_setup, .fini = file_teardown);

/*
** Load the file at `path`: it must fail with `want_err`, every message must
** name the file, and one must hold `fragment` (the problem and its place).
*/
static void expect_file_fails(const char *path, gp_error want_err, const char *fragment) {
    gp_plan *plan = (gp_plan *)0x1;
    gp_error err = gp_plan_load_file(path, &plan, &diag);
    char *text = gp_diag_text(&diag);
    cr_expect_eq(err, want_err, "error %d, messages:\n%s", err, text);
    cr_expect_null(plan);
    cr_expect_geq(diag.count, 1);
    char buf[1024];
    for (size_t i = 0; i < diag.count; i++) {
        gp_diag_format(&diag.items[i], buf, sizeof buf);
        cr_expect(strstr(buf, path), "message does not name the file: %s", buf);
    }
    cr_expect(gp_diag_has(&diag, fragment), "no message holds \"%s\":\n%s", fragment, text);
    free(text);
}

/* Write `len` bytes to dir/name; the full path is returned (owned). */
static char *write_bytes(const char *name, const char *bytes, size_t len) {
    char *path = gp_write_file(dir, name, "");
    FILE *f = fopen(path, "wb");
    cr_assert(f);
    cr_assert_eq(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return path;
}

Test(load_file, missing_file) {
    char path[1024], want[1200];
    snprintf(path, sizeof path, "%s/nope.json", dir);
    snprintf(want, sizeof want, "cannot open %s: No such file or directory", path);
    expect_file_fails(path, GP_ERR_IO, want);
}

Test(load_file, a_directory) {
    char want[1024];
    snprintf(want, sizeof want, "%s is a directory", dir);
    expect_file_fails(dir, GP_ERR_IO, want);
}

Test(load_file, unreadable_file) {
    if (geteuid() == 0)
        cr_skip_test("root can read any file");
    char *path = gp_write_file(dir, "secret.json", "{}");
    chmod(path, 0);
    char want[1024];
    snprintf(want, sizeof want, "cannot open %s: Permission denied", path);
    expect_file_fails(path, GP_ERR_IO, want);
    free(path);
}

Test(load_file, empty_file) {
    char *path = write_bytes("empty.json", "", 0);
    char want[1024];
    snprintf(want, sizeof want, "%s: the file is empty", path);
    expect_file_fails(path, GP_ERR_INVALID, want);
    free(path);
}

Test(load_file, ten_thousand_deep) {
    size_t depth = 10000;
    char *text = malloc(2 * depth);
    memset(text, '[', depth);
    memset(text + depth, ']', depth);
    char *path = write_bytes("deep.json", text, 2 * depth);
    expect_file_fails(path, GP_ERR_INVALID, ":1:65: ");
    cr_expect(gp_diag_has(&diag, "nesting deeper than 64 levels"));
    free(path);
    free(text);
}

Test(load_file, ten_thousand_deep_objects) {
    size_t depth = 10000, n = 0;
    char *text = malloc(7 * depth + 8);
    for (size_t i = 0; i < depth; i++)
        n += (size_t)sprintf(text + n, "{\"a\": ");
    n += (size_t)sprintf(text + n, "1");
    for (size_t i = 0; i < depth; i++)
        text[n++] = '}';
    char *path = write_bytes("deep2.json", text, n);
    expect_file_fails(path, GP_ERR_INVALID, "nesting deeper than 64 levels");
    free(path);
    free(text);
}

Test(load_file, overflowing_number) {
    static const char json[] = WITH_GROUP(", \"international\": 1e999");
    char *path = write_bytes("big.json", json, strlen(json));
    expect_file_fails(path, GP_ERR_INVALID, "units[0].groups[0].international: number 1e999 is too large for a double");
    free(path);
}

Test(load_file, truncated_file) {
    static const char json[] = WITH_GROUP(", \"international\": 12");
    char *path = write_bytes("cut.json", json, strlen(json) / 2);
    expect_file_fails(path, GP_ERR_INVALID, "the document is truncated");
    free(path);
}

Test(load_file, not_utf8) {
    static const char json[] = "{\"gapplan\": 1, \"name\": \"caf\xE9\", \"start\": \"2022-04\", \"months\": 12, "
                               "\"units\": [" UNIT("") "]}";
    char *path = write_bytes("latin1.json", json, strlen(json));
    expect_file_fails(path, GP_ERR_INVALID, ":1:28: name: invalid UTF-8 byte 0xe9 in a string: save the file as UTF-8");
    free(path);
}

Test(load_file, utf16_file) {
    static const char bytes[] = "\xFF\xFE{\0\"\0g\0\"\0:\0 \0001\0}\0";
    char *path = write_bytes("utf16.json", bytes, sizeof bytes - 1);
    expect_file_fails(path, GP_ERR_INVALID, "the file is UTF-16 text: save it as UTF-8");
    free(path);
}

Test(load_file, a_valid_file_loads) {
    static const char json[] = WITH_GROUP(", \"international\": 12");
    char *path = write_bytes("ok.json", json, strlen(json));
    gp_plan *plan = NULL;
    cr_assert_eq(gp_plan_load_file(path, &plan, &diag), GP_OK);
    cr_expect_eq(plan->units[0].groups[0].international[23], 12);
    gp_plan_free(plan);
    free(path);
}

Test(load_file, buffer_without_a_nul_and_bad_arguments) {
    static const char json[] = WITH_GROUP("");
    size_t n = strlen(json);
    char *copy = malloc(n);
    memcpy(copy, json, n); /* no NUL after the text */
    gp_plan *plan = NULL;
    cr_assert_eq(gp_plan_load_buffer(copy, n, "plan.json", &plan, &diag), GP_OK);
    gp_plan_free(plan);
    free(copy);
    cr_expect_eq(gp_plan_load_buffer(NULL, 5, "plan.json", &plan, &diag), GP_ERR_ARGUMENT);
    cr_expect_eq(gp_plan_load_buffer(json, n, "plan.json", NULL, &diag), GP_ERR_ARGUMENT);
    cr_expect_eq(gp_plan_load_file(NULL, &plan, &diag), GP_ERR_ARGUMENT);
}
