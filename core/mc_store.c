/*
** core/mc_store.c: what a Monte Carlo run keeps of each iteration and the
** summary it makes of it (mc_private.h).
**
** The headline series (the list: vacancies, available FTE, staffing
** gap, agency cost by staff group and total; revenue and capital gaps; the
** waiting list and 52-week waiters) are laid out from the plan, so a worker
** needs no look-up to keep an iteration: it copies each series' months, and
** the FY sums of flows, into its slot of each cell. A system of units
** (docs/methodology.md §15) has the finance and backlog headlines of its
** members' sums, after the transfers.
*/
#include "mc_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "big_alloc.h"

const char *const gp_mc_group_series[] = {"vacancies", "available", "staffing_gap", "agency_cost", NULL};
const char *const gp_mc_finance_series[] = {"revenue_gap", "capital_gap", NULL};
const char *const gp_mc_backlog_series[] = {"waiting_list", "over_12m", NULL};

static const size_t group_index[] = {GP_S_VACANCIES, GP_S_AVAILABLE, GP_S_STAFFING_GAP, GP_S_AGENCY_COST};
static const size_t finance_index[] = {GP_S_REVENUE_GAP, GP_S_CAPITAL_GAP};
static const size_t backlog_index[] = {GP_S_WAITING_LIST, GP_S_OVER_12M};
#define NGROUP (sizeof group_index / sizeof group_index[0])
#define NFINANCE (sizeof finance_index / sizeof finance_index[0])
#define NBACKLOG (sizeof backlog_index / sizeof backlog_index[0])

static char *dup(const char *s) {
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

/* The group ids of all units, first seen first (MODEL.md §9), as the model orders all_units.groups. */
static size_t all_group_ids(const gp_plan *plan, const char **ids, const char **names) {
    size_t n = 0;
    for (size_t u = 0; u < plan->nunits; u++)
        for (size_t g = 0; g < plan->units[u].ngroups; g++) {
            const gp_group *grp = &plan->units[u].groups[g];
            size_t k = 0;
            while (k < n && strcmp(ids[k], grp->id) != 0)
                k++;
            if (k == n) {
                ids[n] = grp->id;
                names[n++] = grp->name;
            }
        }
    return n;
}

/* Append the series of one block; cells are counted later. */
static bool add_block(gp_mc_summary *s, gp_mc_unit *mu, size_t unit, int kind, size_t group, const char *id,
                      const char *name) {
    const char *const *names = kind == GP_MC_KIND_GROUP     ? gp_mc_group_series
                               : kind == GP_MC_KIND_FINANCE ? gp_mc_finance_series
                                                            : gp_mc_backlog_series;
    const size_t *index = kind == GP_MC_KIND_GROUP ? group_index : kind == GP_MC_KIND_FINANCE ? finance_index
                                                                                                : backlog_index;
    size_t count = kind == GP_MC_KIND_GROUP ? NGROUP : kind == GP_MC_KIND_FINANCE ? NFINANCE : NBACKLOG;
    gp_mc_block *b = &mu->blocks[mu->nblocks++];
    b->kind = kind;
    b->first = s->nseries;
    b->count = count;
    if (id && (!(b->id = dup(id)) || !(b->name = dup(name))))
        return false;
    for (size_t k = 0; k < count; k++)
        s->series[s->nseries++] = (gp_mc_series){unit, kind, group, index[k], names[k], true, 0, NULL, NULL};
    return true;
}

/* A system's entry: its id, name and members, and a finance and a backlog block when a member has one. */
static bool lay_out_system(gp_mc_summary *s, const gp_plan *plan, size_t k) {
    const gp_system *sys = &plan->systems[k];
    size_t index = plan->nunits + 1 + k;
    gp_mc_unit *mu = &s->units[index];
    bool fin = false, bl = false;
    for (size_t i = 0; i < sys->nmembers; i++)
        fin |= plan->units[sys->members[i]].finance != NULL, bl |= plan->units[sys->members[i]].backlog != NULL;
    if (!(mu->id = dup(sys->id)) || !(mu->name = dup(sys->name ? sys->name : sys->id)) ||
        !(mu->blocks = calloc(2, sizeof *mu->blocks)) || !(mu->members = calloc(sys->nmembers, sizeof *mu->members)))
        return false;
    for (size_t i = 0; i < sys->nmembers; i++, mu->nmembers++)
        if (!(mu->members[i] = dup(plan->units[sys->members[i]].id)))
            return false;
    return (!fin || add_block(s, mu, index, GP_MC_KIND_FINANCE, 0, NULL, NULL)) &&
           (!bl || add_block(s, mu, index, GP_MC_KIND_BACKLOG, 0, NULL, NULL));
}

/* Lay out the units' blocks and series, then the systems'. */
static bool lay_out(gp_mc_summary *s, const gp_plan *plan) {
    const char **ids = malloc((gp_plan_group_count(plan) + 1) * sizeof *ids);
    const char **names = malloc((gp_plan_group_count(plan) + 1) * sizeof *names);
    size_t nall = 0, total = 0;
    bool ok = ids && names;
    if (ok) {
        nall = all_group_ids(plan, ids, names);
        for (size_t u = 0; u < plan->nunits; u++)
            total += (plan->units[u].ngroups + 1) * NGROUP + NFINANCE + NBACKLOG;
        total += (nall + 1) * NGROUP + NFINANCE + NBACKLOG;
        total += plan->nsystems * (NFINANCE + NBACKLOG);
        ok = (s->series = calloc(total, sizeof *s->series)) != NULL;
    }
    for (size_t u = 0; ok && u <= plan->nunits; u++) {
        bool all = u == plan->nunits;
        gp_mc_unit *mu = &s->units[u];
        size_t ngroups = all ? nall : plan->units[u].ngroups;
        bool fin = false, bl = false;
        for (size_t v = all ? 0 : u; v < (all ? plan->nunits : u + 1); v++)
            fin |= plan->units[v].finance != NULL, bl |= plan->units[v].backlog != NULL;
        ok = (mu->id = dup(all ? "all_units" : plan->units[u].id)) && (mu->name = dup(all ? "All units" :
                                                                              plan->units[u].name)) &&
             (mu->blocks = calloc(ngroups + 3, sizeof *mu->blocks));
        mu->ngroups = ngroups + 1;
        for (size_t g = 0; ok && g <= ngroups; g++) {
            const char *id = g == ngroups ? "total" : all ? ids[g] : plan->units[u].groups[g].id;
            const char *name = g == ngroups ? "Total" : all ? names[g] : plan->units[u].groups[g].name;
            ok = add_block(s, mu, u, GP_MC_KIND_GROUP, g, id, name);
        }
        if (ok && fin)
            ok = add_block(s, mu, u, GP_MC_KIND_FINANCE, 0, NULL, NULL);
        if (ok && bl)
            ok = add_block(s, mu, u, GP_MC_KIND_BACKLOG, 0, NULL, NULL);
    }
    for (size_t k = 0; ok && k < plan->nsystems; k++)
        ok = lay_out_system(s, plan, k);
    free(ids);
    free(names);
    return ok;
}

/* Number the cells: each own series' months, then the FY figures of its flows; stocks close on a month. */
static bool number_cells(gp_mc_summary *s) {
    const gp_calendar *cal = &s->cal;
    size_t per_unit = s->nseries ? s->units[s->nunits].blocks[0].first : 0;
    for (size_t k = 0; k < s->nseries; k++) {
        gp_mc_series *se = &s->series[k];
        /* With one unit, all units is the unit: share its cells, series for series in the same order. */
        if (s->nunits == 1 && se->unit == 1) {
            const gp_mc_series *twin = &s->series[k - per_unit];
            se->own = false;
            se->month_cell = twin->month_cell;
            if (!(se->fy_cells = malloc((size_t)cal->nfys * sizeof *se->fy_cells)))
                return false;
            memcpy(se->fy_cells, twin->fy_cells, (size_t)cal->nfys * sizeof *se->fy_cells);
            continue;
        }
        const gp_series_info *info = se->kind == GP_MC_KIND_GROUP     ? gp_group_series_info
                                     : se->kind == GP_MC_KIND_FINANCE ? gp_finance_series_info
                                                                      : gp_backlog_series_info;
        se->month_cell = s->ncells;
        s->ncells += (size_t)cal->months;
        if (!(se->fy_cells = malloc((size_t)cal->nfys * sizeof *se->fy_cells)))
            return false;
        for (int f = 0; f < cal->nfys; f++) {
            int first, last;
            gp_calendar_fy_periods(cal, f, &first, &last);
            se->fy_cells[f] = info[se->index].agg == GP_AGG_STOCK ? se->month_cell + (size_t)last : s->ncells++;
        }
    }
    return true;
}

gp_mc_summary *gp_mc_summary_new(const gp_plan *plan, size_t iterations) {
    gp_mc_summary *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cal = plan->cal;
    s->nunits = plan->nunits;
    s->nsystems = plan->nsystems;
    s->iterations = iterations;
    if (!(s->units = calloc(plan->nunits + 1 + plan->nsystems, sizeof *s->units)) || !lay_out(s, plan) ||
        !number_cells(s))
        goto fail;
    if (s->ncells > SIZE_MAX / sizeof(double) / (iterations ? iterations : 1))
        goto fail;
    s->store_bytes = s->ncells * iterations * sizeof(double);
    if (!(s->store = gp_big_malloc(s->ncells * iterations)) ||
        !(s->stats = calloc(GP_MC_STATS * s->ncells + 1, sizeof *s->stats)))
        goto fail;
    for (size_t k = 0; k < s->nseries; k++)
        if (!(s->series[k].annual = calloc((size_t)GP_MC_STATS * (size_t)s->cal.nfys + 1, sizeof(double))))
            goto fail;
    return s;

fail:
    gp_mc_summary_free(s);
    return NULL;
}

void gp_mc_summary_free(gp_mc_summary *s) {
    if (!s)
        return;
    for (size_t u = 0; s->units && u <= s->nunits + s->nsystems; u++) {
        for (size_t b = 0; b < s->units[u].nblocks; b++) {
            free(s->units[u].blocks[b].id);
            free(s->units[u].blocks[b].name);
        }
        for (size_t i = 0; i < s->units[u].nmembers; i++)
            free(s->units[u].members[i]);
        free(s->units[u].members);
        free(s->units[u].blocks);
        free(s->units[u].id);
        free(s->units[u].name);
    }
    free(s->units);
    for (size_t k = 0; s->series && k < s->nseries; k++) {
        free(s->series[k].fy_cells);
        free(s->series[k].annual);
    }
    free(s->series);
    free(s->store);
    free(s->stats);
    free(s);
}

/* The result block a series reads from. */
static const gp_block *block_of(const gp_result *res, const gp_mc_series *se) {
    if (se->unit > res->nunits) {
        const gp_system_result *sr = &res->systems[se->unit - res->nunits - 1];
        return se->kind == GP_MC_KIND_FINANCE ? sr->finance : sr->backlog;
    }
    const gp_unit_result *u = se->unit < res->nunits ? &res->units[se->unit] : &res->all_units;
    switch (se->kind) {
    case GP_MC_KIND_GROUP: return &u->groups[se->group];
    case GP_MC_KIND_FINANCE: return u->finance;
    default: return u->backlog;
    }
}

void gp_mc_summary_keep(const gp_mc_summary *s, const gp_result *res, double *row) {
    int months = s->cal.months;
    for (size_t k = 0; k < s->nseries; k++) {
        const gp_mc_series *se = &s->series[k];
        if (!se->own)
            continue;
        const gp_block *b = block_of(res, se);
        memcpy(row + se->month_cell, gp_block_monthly(b, se->index), (size_t)months * sizeof *row);
        const double *a = gp_block_annual(b, se->index);
        for (int f = 0; f < s->cal.nfys; f++)
            if (se->fy_cells[f] >= se->month_cell + (size_t)months || se->fy_cells[f] < se->month_cell)
                row[se->fy_cells[f]] = a[f];
    }
}

void gp_mc_summary_store(gp_mc_summary *s, const double *rows, size_t first, size_t count) {
    size_t n = s->iterations, ncells = s->ncells;
    for (size_t c = 0; c < ncells; c++) {
        double *cell = s->store + c * n + first;
        for (size_t r = 0; r < count; r++)
            cell[r] = rows[r * ncells + c];
    }
}

void gp_mc_summary_stats(gp_mc_summary *s, size_t first, size_t last) {
    double out[GP_MC_STATS];
    for (size_t c = first; c < last; c++) {
        gp_mc_stats(s->store + c * s->iterations, s->iterations, out);
        for (int k = 0; k < GP_MC_STATS; k++)
            s->stats[(size_t)k * s->ncells + c] = out[k];
    }
}

void gp_mc_summary_finish(gp_mc_summary *s) {
    size_t nfys = (size_t)s->cal.nfys;
    for (size_t k = 0; k < s->nseries; k++)
        for (int st = 0; st < GP_MC_STATS; st++)
            for (size_t f = 0; f < nfys; f++)
                s->series[k].annual[(size_t)st * nfys + f] = s->stats[(size_t)st * s->ncells + s->series[k].fy_cells[f]];
    free(s->store);
    s->store = NULL;
}

size_t gp_mc_summary_iterations(const gp_mc_summary *s) { return s->iterations; }

size_t gp_mc_summary_store_bytes(const gp_mc_summary *s) { return s->store_bytes; }

const double *gp_mc_summary_get(const gp_mc_summary *s, size_t unit, const char *block, const char *series,
                                bool annual, int stat) {
    if (unit > s->nunits + s->nsystems || stat < 0 || stat >= GP_MC_STATS)
        return NULL;
    const gp_mc_unit *u = &s->units[unit];
    for (size_t b = 0; b < u->nblocks; b++) {
        const gp_mc_block *bl = &u->blocks[b];
        bool match = bl->kind == GP_MC_KIND_GROUP ? strcmp(bl->id, block) == 0
                                                  : strcmp(block, bl->kind == GP_MC_KIND_FINANCE ? "finance" : "backlog") == 0;
        if (!match)
            continue;
        for (size_t k = bl->first; k < bl->first + bl->count; k++) {
            const gp_mc_series *se = &s->series[k];
            if (strcmp(se->name, series) != 0)
                continue;
            if (annual)
                return se->annual + (size_t)stat * (size_t)s->cal.nfys;
            return s->stats + (size_t)stat * s->ncells + se->month_cell;
        }
    }
    return NULL;
}
