/*
** tests/fuzz/fuzz_plan.c: libFuzzer harness for the plan loader, the
** validator, the model and the result writers (tests/fuzz/README.md).
**
** Any bytes: the loader must accept or refuse them with a diag, never crash,
** hang or leak; an accepted plan must validate, run and write.
*/
#include <stdint.h>
#include <stdio.h>

#include "gapplan/model.h"
#include "gapplan/output.h"
#include "gapplan/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static FILE *sink;
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    gp_diag diag;

    if (!sink)
        sink = fopen("/dev/null", "w");
    gp_diag_init(&diag);
    if (gp_plan_load_buffer((const char *)data, size, "fuzz.json", &plan, &diag) == GP_OK) {
        if (gp_plan_validate(plan, "fuzz.json", &diag) != GP_OK)
            __builtin_trap(); /* the loader let through a plan its own validator refuses */
        if (gp_model_run(plan, &res, &diag) == GP_OK && sink) {
            gp_result_write_json(res, NULL, sink);
            gp_result_write_csv(res, sink);
        }
    } else if (diag.count == 0) {
        __builtin_trap(); /* a refusal must say why */
    }
    gp_result_free(res);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    return 0;
}
