/*
** tests/fuzz/fuzz_schedule.c: libFuzzer harness for schedule expansion
** (core/schedule.h): a JSON value as a schedule over a fixed 30-month calendar
** starting in a mid-year month, with and without the calendar.
*/
#include <stdint.h>

#include <cjson/cJSON.h>

#include "gapplan/calendar.h"
#include "report.h"
#include "schedule.h"

#define FUZZ_MONTHS 30

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    gp_calendar cal;
    gp_month start;
    double out[FUZZ_MONTHS];
    gp_diag diag;
    gp_reporter r;

    cJSON *json = cJSON_ParseWithLength((const char *)data, size);
    if (!json)
        return 0;
    if (gp_month_parse("2021-07", &start)) {
        gp_calendar_init(&cal, start, FUZZ_MONTHS);
        gp_diag_init(&diag);
        gp_reporter_init(&r, &diag, "fuzz.json");
        gp_push_key(&r, "leaver_rate");
        bool ok = gp_schedule_load(json, &cal, 0, 1, &r, out);
        for (int t = 0; ok && t < FUZZ_MONTHS; t++)
            if (!(out[t] >= 0 && out[t] <= 1))
                __builtin_trap(); /* a valid schedule holds only values within its range */
        if (!ok && diag.count == 0)
            __builtin_trap();
        gp_diag_free(&diag);

        gp_diag_init(&diag);
        gp_reporter_init(&r, &diag, "fuzz.json");
        gp_schedule_load(json, NULL, -1e12, 1e12, &r, NULL);
        gp_diag_free(&diag);
    }
    cJSON_Delete(json);
    return 0;
}
