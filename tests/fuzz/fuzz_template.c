/*
** tests/fuzz/fuzz_template.c: libFuzzer harness for the board-pack template
** loader (gapplan/report.h): any bytes as a template file. A refusal must
** say why; a template the loader accepts must lay out a workbook of a small
** plan without error, so the loader's checks are the writer's guarantees.
*/
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gapplan/model.h"
#include "gapplan/report.h"

static const char plan_text[] =
    "{\"gapplan\": 1, \"name\": \"=fuzz\", \"start\": \"2022-10\", \"months\": 8, \"units\": [\n"
    " {\"id\": \"north\", \"groups\": [\n"
    "   {\"id\": \"nurses\", \"establishment\": 100, \"staff_in_post\": 90, \"leaver_rate\": 0.12,\n"
    "    \"absence_rate\": 0.05, \"cost_per_fte\": 40000}],\n"
    "  \"finance\": {\"revenue_envelope\": 9e6, \"pressures\": [{\"name\": \"+p\", \"amounts\": 1e5}]},\n"
    "  \"backlog\": {\"waiting_list\": 2000, \"referrals\": 500, \"capacity\": 490}}]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static char path[64], pack[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/gp-fuzz-template-%ld.json", (long)getpid());
        snprintf(pack, sizeof pack, "/tmp/gp-fuzz-template-%ld.xlsx", (long)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);

    gp_diag diag;
    gp_diag_init(&diag);
    gp_template *tpl = NULL;
    gp_error err = gp_template_load(path, NULL, 0, &tpl, &diag);
    if (err != GP_OK && diag.count == 0)
        __builtin_trap(); /* a refusal must say why */
    if (err == GP_OK) {
        gp_plan *plan = NULL;
        gp_result *res = NULL;
        if (gp_plan_load_buffer(plan_text, strlen(plan_text), "plan.json", &plan, &diag) == GP_OK &&
            gp_model_run(plan, &res, &diag) == GP_OK) {
            gp_run_info info = {.plan_name = plan->name};
            gp_report_run run = {"baseline", plan, res, &info};
            if (gp_report_write_xlsx(&run, 1, tpl, pack, &diag) != GP_OK)
                __builtin_trap(); /* an accepted template must lay out a workbook */
        }
        gp_result_free(res);
        gp_plan_free(plan);
    }
    gp_template_free(tpl);
    gp_diag_free(&diag);
    return 0;
}
