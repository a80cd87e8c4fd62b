/*
** core/model_systems.c: a system's period (docs/methodology.md "Systems"):
** pooled funding, then the shared waiting list, for one period t of one
** system (model_private.h).
**
** Both run after every member has computed its own period t and before any
** member is added into all_units or its system, so those sums see the
** figures after the transfers. Sums over members run in the system's order
** of members from 0.0, as MODEL.md §9 asks of every sum.
*/
#include "model_private.h"

#include <string.h>

#define MONTHS_PER_YEAR 12

/* The monthly amount of unit u's pooled lines in period t: the sum of amounts_t / 12 over the system's lines. */
static double pooled_lines(const gp_finance *f, const gp_system *sys, int t) {
    double sum = 0;
    for (size_t l = 0; l < sys->npool_lines; l++)
        for (size_t i = 0; i < f->funding.count; i++)
            if (strcmp(f->funding.items[i].name, sys->pool_lines[l]) == 0) {
                sum += f->funding.items[i].amounts[t] / MONTHS_PER_YEAR;
                break;
            }
    return sum;
}

void gp_model_system_pool(const gp_plan *plan, const gp_system *sys, gp_result *res, gp_system_result *sr,
                          double *scratch, int t) {
    double *PC = scratch, *weight = scratch + sys->nmembers;
    double POOL = 0, total = 0;
    const double share = sys->pool_share ? sys->pool_share[t] : 0;

    for (size_t k = 0; k < sys->nmembers; k++) {
        size_t u = sys->members[k];
        const gp_finance *f = plan->units[u].finance;
        const gp_unit_result *ur = &res->units[u];
        PC[k] = weight[k] = 0;
        if (!f || !sys->pool_share)
            continue;
        PC[k] = share * pooled_lines(f, sys, t);
        POOL += PC[k];
        if (sys->pool_rule == GP_POOL_GAP) {
            double GAP = gp_block_monthly(ur->finance, GP_S_REVENUE_GAP)[t];
            weight[k] = GAP > 0 ? GAP : 0;
        } else {
            weight[k] = ur->backlog ? gp_block_monthly(ur->backlog, GP_S_WAITING_LIST)[t] : 0;
        }
        total += weight[k];
    }
    for (size_t k = 0; k < sys->nmembers; k++) {
        const gp_unit_result *ur = &res->units[sys->members[k]];
        if (!ur->finance)
            continue;
        double PI = total > 0 ? POOL * weight[k] / total : PC[k];
        double *FU = gp_block_monthly(ur->finance, GP_S_FUNDING);
        double *GAP = gp_block_monthly(ur->finance, GP_S_REVENUE_GAP);
        const double *COST = gp_block_monthly(ur->finance, GP_S_COST);
        FU[t] = FU[t] - PC[k] + PI;
        GAP[t] = COST[t] - FU[t];
        gp_block_monthly(ur->finance, GP_S_POOLED_OUT)[t] = PC[k];
        gp_block_monthly(ur->finance, GP_S_POOLED_IN)[t] = PI;
    }
    if (sr->finance)
        gp_block_monthly(sr->finance, GP_S_POOL)[t] = POOL;
}

void gp_model_system_list(const gp_plan *plan, const gp_system *sys, gp_unit_state *units, gp_result *res,
                          gp_system_result *sr, double *scratch, int t) {
    double *SP = scratch, *M = scratch + sys->nmembers;
    double sumSP = 0, sumM = 0;
    const double ts = sys->travel_share ? sys->travel_share[t] : 0;

    for (size_t k = 0; k < sys->nmembers; k++) {
        size_t u = sys->members[k];
        const gp_block *b = res->units[u].backlog;
        SP[k] = M[k] = 0;
        if (!plan->units[u].backlog)
            continue;
        SP[k] = gp_block_monthly(b, GP_S_EFFECTIVE_CAPACITY)[t] - gp_block_monthly(b, GP_S_CLOCK_STOPS)[t];
        M[k] = ts * gp_model_backlog_remaining(&units[u]);
        sumSP += SP[k];
        sumM += M[k];
    }
    double MOVED = sumSP < sumM ? sumSP : sumM;
    for (size_t k = 0; k < sys->nmembers; k++) {
        size_t u = sys->members[k];
        gp_block *b = res->units[u].backlog;
        if (!plan->units[u].backlog)
            continue;
        double MO = sumM == 0 ? 0 : MOVED * M[k] / sumM;
        double AID = sumSP == 0 ? 0 : MOVED * SP[k] / sumSP;
        gp_model_backlog_take(&units[u], MO);
        gp_model_backlog_age(&units[u]);
        gp_block_monthly(b, GP_S_MOVED_OUT)[t] = MO;
        gp_block_monthly(b, GP_S_AID_GIVEN)[t] = AID;
    }
    if (sr->backlog)
        gp_block_monthly(sr->backlog, GP_S_MOVED)[t] = MOVED;
}
