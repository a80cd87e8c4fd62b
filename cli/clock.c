/*
** cli/clock.c: how long a run took, for the provenance of its outputs
** (cli.h), unless SOURCE_DATE_EPOCH asks for outputs that depend on nothing
** but their inputs.
*/
#include <stdlib.h>
#include <time.h>

#include "cli.h"

double gp_cli_clock(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool gp_cli_elapsed(double started, double *seconds) {
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch)
        return false;
    *seconds = gp_cli_clock() - started;
    return true;
}
