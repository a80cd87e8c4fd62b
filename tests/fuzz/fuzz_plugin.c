/*
** tests/fuzz/fuzz_plugin.c: libFuzzer harness for the plugin API: any bytes
** as a scenario plugin, loaded and, when it declares a scenario, applied to a
** small two-unit plan with tight limits, then the model run on the result.
**
** Whatever the program does with the API (hostile arguments, wrong types,
** handles kept past the run, loops, memory bombs) gapplan must answer with a
** plugin error or a valid plan, never a crash, a hang or a leak. The seed
** corpus (tests/fuzz/corpus/plugin) holds programs that call every method.
*/
#include <stdint.h>
#include <string.h>

#include "gapplan/model.h"
#include "gapplan/plan.h"
#include "gp_lua.h"

static const char plan_text[] =
    "{\"gapplan\": 1, \"name\": \"fuzz\", \"start\": \"2022-10\", \"months\": 18, \"units\": [\n"
    " {\"id\": \"north\", \"groups\": [\n"
    "   {\"id\": \"nurses\", \"establishment\": 1000, \"staff_in_post\": 900, \"leaver_rate\": 0.12,\n"
    "    \"absence_rate\": 0.05, \"cost_per_fte\": 40000, \"international\": {\"2023/24\": 50}},\n"
    "   {\"id\": \"doctors\", \"establishment\": 200, \"staff_in_post\": 190, \"leaver_rate\": 0.08,\n"
    "    \"absence_rate\": 0.03, \"cost_per_fte\": 100000, \"clinical\": true}],\n"
    "  \"finance\": {\"revenue_envelope\": 9e7, \"non_pay\": 1e7, \"pressures\": [{\"name\": \"p\", \"amounts\": 1e6}],\n"
    "   \"funding\": [], \"capital\": {\"envelope\": 1e6, \"schemes\": [{\"name\": \"s\", \"amounts\": 5e5}]}},\n"
    "  \"backlog\": {\"waiting_list\": 20000, \"referrals\": 5000, \"capacity\": 4900}},\n"
    " {\"id\": \"south\", \"groups\": [\n"
    "   {\"id\": \"nurses\", \"establishment\": 500, \"staff_in_post\": 480, \"leaver_rate\": 0.1,\n"
    "    \"absence_rate\": 0.04, \"cost_per_fte\": 38000}]}]}\n";

/* Tight limits keep each input fast: a runaway loop or bomb must stop within them. */
#define FUZZ_BUDGET 2000000ULL
#define FUZZ_MEMORY ((size_t)32 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    gp_lua_options opts;
    gp_lua_scenario *sc = NULL;
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    gp_diag diag;

    gp_lua_options_init(&opts);
    opts.budget = FUZZ_BUDGET;
    opts.memory = FUZZ_MEMORY;
    gp_diag_init(&diag);
    gp_error err = gp_lua_scenario_load_buffer((const char *)data, size, "fuzz.lua", &opts, &sc, &diag);
    if (err == GP_OK && gp_plan_load_buffer(plan_text, strlen(plan_text), "plan.json", &plan, &diag) == GP_OK) {
        err = gp_lua_scenario_apply(sc, plan, NULL, 0, &diag);
        if (err == GP_OK) {
            if (gp_plan_validate(plan, "plan.json", &diag) != GP_OK)
                __builtin_trap(); /* apply let through a plan the validator refuses */
            gp_model_run(plan, &res, &diag);
        }
    }
    if (err != GP_OK && diag.count == 0)
        __builtin_trap(); /* a failure must say why */
    gp_result_free(res);
    gp_plan_free(plan);
    gp_lua_scenario_free(sc);
    gp_diag_free(&diag);
    return 0;
}
