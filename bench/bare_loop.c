/*
** bench/bare_loop.c: the peer the model is measured against.
**
** MODEL.md §3-§6 written the plainest way: for each unit, each group's 21
** series month by month, then the unit's finance and its waiting list, every
** monthly value stored in one flat array laid out series after series (the
** result's own layout, so both pay the same memory traffic). It reads the same
** loaded gp_plan as gp_model_run() and nothing else: no totals, no FY figures
** (MODEL.md §7), no checks for non-finite values, no allocation inside the loop.
** Whatever the model spends beyond this loop is the price of its structure.
*/
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* Where each unit's blocks start in the peer's array (in doubles); NO_BLOCK when absent. */
enum { OFF_GROUPS, OFF_FINANCE, OFF_LINES, OFF_BACKLOG, OFF_COUNT };
#define NO_BLOCK ((size_t)-1)

/* The default wait profile's ratio between neighbouring buckets (MODEL.md §6). */
#define PEER_PROFILE_RATIO 0.85

struct bench_peer {
    const gp_plan *plan;
    int months;
    double *data;          /* every stored series, unit after unit */
    size_t ndoubles;
    size_t *offsets;       /* [u * OFF_COUNT + OFF_*] */
    unsigned char *april;  /* april[t]: period t is an April step */
    unsigned char *month;  /* month[t]: calendar month 1..12 of period t */
};

gp_error bench_peer_new(const gp_plan *plan, bench_peer **out) {
    size_t T = (size_t)plan->cal.months, at = 0;
    bench_peer *p = calloc(1, sizeof *p);

    *out = NULL;
    if (!p)
        return GP_ERR_NOMEM;
    p->plan = plan;
    p->months = plan->cal.months;
    p->offsets = malloc((plan->nunits ? plan->nunits : 1) * OFF_COUNT * sizeof *p->offsets);
    p->april = malloc(T);
    p->month = malloc(T);
    if (!p->offsets || !p->april || !p->month)
        goto fail;
    for (int t = 0; t < p->months; t++) {
        p->april[t] = gp_calendar_april_step(&plan->cal, t);
        p->month[t] = (unsigned char)gp_month_of_year(plan->cal.start + t);
    }
    for (size_t u = 0; u < plan->nunits; u++) {
        const gp_unit *unit = &plan->units[u];
        size_t *off = p->offsets + u * OFF_COUNT;
        off[OFF_GROUPS] = at;
        at += unit->ngroups * GP_GROUP_SERIES_COUNT * T;
        off[OFF_FINANCE] = off[OFF_LINES] = off[OFF_BACKLOG] = NO_BLOCK;
        if (unit->finance) {
            off[OFF_FINANCE] = at;
            at += GP_FINANCE_SERIES_COUNT * T;
            off[OFF_LINES] = at;
            at += (unit->finance->pressures.count + unit->finance->funding.count) * T;
        }
        if (unit->backlog) {
            off[OFF_BACKLOG] = at;
            at += GP_BACKLOG_SERIES_COUNT * T;
        }
    }
    p->ndoubles = at;
    p->data = malloc((at ? at : 1) * sizeof *p->data);
    if (!p->data)
        goto fail;
    *out = p;
    return GP_OK;
fail:
    bench_peer_free(p);
    return GP_ERR_NOMEM;
}

void bench_peer_free(bench_peer *p) {
    if (!p)
        return;
    free(p->data);
    free(p->offsets);
    free(p->april);
    free(p->month);
    free(p);
}

size_t bench_peer_bytes(const bench_peer *p) { return p->ndoubles * sizeof(double); }

/* MODEL.md §3 for one group: out holds its GP_GROUP_SERIES_COUNT series of T values. */
static void run_group(const bench_peer *p, const gp_group *g, double *out) {
    size_t T = (size_t)p->months;
    double E = g->establishment, C = g->cost_per_fte, S = g->staff_in_post;

    for (size_t t = 0; t < T; t++) {
        if (p->april[t]) {
            E *= 1 + g->establishment_growth[t];
            C *= 1 + g->pay_award[t];
        }
        double V = E - S;
        double L = S * g->leaver_rate[t] / 12;
        double JF = g->fill_rate[t] * (V > 0 ? V : 0);
        double JN = p->month[t] == g->intake_month ? g->newly_qualified[t] : 0;
        double JI = g->international[t] / 12;
        double JO = g->other_joiners[t] / 12;
        double J = JF + JN + JI + JO;
        double A = S * (1 - g->absence_rate[t]);
        double R = E * (1 - g->budgeted_absence[t]);
        double G = R - A > 0 ? R - A : 0;
        double B = G * g->bank_fill[t];
        double AG = G * g->agency_fill[t];

        out[GP_S_ESTABLISHMENT * T + t] = E;
        out[GP_S_STAFF_IN_POST * T + t] = S;
        out[GP_S_VACANCIES * T + t] = V;
        out[GP_S_VACANCY_RATE * T + t] = E == 0 ? 0 : V / E;
        out[GP_S_LEAVERS * T + t] = L;
        out[GP_S_JOINERS * T + t] = J;
        out[GP_S_JOINERS_FILL * T + t] = JF;
        out[GP_S_NEWLY_QUALIFIED * T + t] = JN;
        out[GP_S_INTERNATIONAL * T + t] = JI;
        out[GP_S_OTHER_JOINERS * T + t] = JO;
        out[GP_S_ABSENCE_RATE * T + t] = g->absence_rate[t];
        out[GP_S_AVAILABLE * T + t] = A;
        out[GP_S_REQUIRED * T + t] = R;
        out[GP_S_STAFFING_GAP * T + t] = G;
        out[GP_S_BANK * T + t] = B;
        out[GP_S_AGENCY * T + t] = AG;
        out[GP_S_UNFILLED * T + t] = G - B - AG;
        out[GP_S_COST_PER_FTE * T + t] = C;
        out[GP_S_PAY_COST * T + t] = S * C / 12;
        out[GP_S_BANK_COST * T + t] = B * C * g->bank_premium[t] / 12;
        out[GP_S_AGENCY_COST * T + t] = AG * C * g->agency_premium[t] / 12;
        S = S + J - L;
    }
}

/* MODEL.md §4-§5 for one unit, from its groups' stored costs. */
static void run_finance(const bench_peer *p, const gp_unit *u, const double *groups, double *out,
                        double *lines) {
    const gp_finance *f = u->finance;
    size_t T = (size_t)p->months, np = f->pressures.count;
    double NP = f->non_pay / 12;

    for (size_t t = 0; t < T; t++) {
        if (p->april[t])
            NP *= 1 + f->non_pay_inflation[t];
        double WF = 0;
        for (size_t g = 0; g < u->ngroups; g++) {
            const double *gs = groups + g * GP_GROUP_SERIES_COUNT * T;
            WF += gs[GP_S_PAY_COST * T + t] + gs[GP_S_BANK_COST * T + t] + gs[GP_S_AGENCY_COST * T + t];
        }
        double PR = 0, FU = f->revenue_envelope[t] / 12, CR = 0;
        for (size_t k = 0; k < np; k++) {
            double v = f->pressures.items[k].amounts[t] / 12;
            lines[k * T + t] = v;
            PR += v;
        }
        for (size_t k = 0; k < f->funding.count; k++) {
            double v = f->funding.items[k].amounts[t] / 12;
            lines[(np + k) * T + t] = v;
            FU += v;
        }
        for (size_t k = 0; k < f->capital.schemes.count; k++)
            CR += f->capital.schemes.items[k].amounts[t] / 12;
        double ER = f->efficiency_required[t] * (WF + NP);
        double EA = ER * f->efficiency_achieved[t];
        double COST = WF + NP + PR - EA;
        double CE = f->capital.envelope[t] / 12;

        out[GP_S_WORKFORCE_COST * T + t] = WF;
        out[GP_S_NON_PAY * T + t] = NP;
        out[GP_S_PRESSURES * T + t] = PR;
        out[GP_S_FUNDING * T + t] = FU;
        out[GP_S_EFFICIENCY_REQUIRED * T + t] = ER;
        out[GP_S_EFFICIENCY_ACHIEVED * T + t] = EA;
        out[GP_S_EFFICIENCY_SHORTFALL * T + t] = ER - EA;
        out[GP_S_COST * T + t] = COST;
        out[GP_S_REVENUE_GAP * T + t] = COST - FU;
        out[GP_S_CAPITAL_ENVELOPE * T + t] = CE;
        out[GP_S_CAPITAL_REQUIREMENT * T + t] = CR;
        out[GP_S_CAPITAL_GAP * T + t] = CR - CE;
    }
}

/* CS_t: available plus bank plus agency FTE over the unit's clinical groups; *any says whether it has one. */
static double clinical_staffing(const gp_unit *u, const double *groups, size_t T, size_t t, bool *any) {
    double cs = 0;
    *any = false;
    for (size_t g = 0; g < u->ngroups; g++) {
        if (!u->groups[g].clinical)
            continue;
        const double *gs = groups + g * GP_GROUP_SERIES_COUNT * T;
        cs += gs[GP_S_AVAILABLE * T + t] + gs[GP_S_BANK * T + t] + gs[GP_S_AGENCY * T + t];
        *any = true;
    }
    return cs;
}

static double bucket_sum(const double *w, int from, int to) {
    double s = 0;
    for (int b = from; b <= to; b++)
        s += w[b];
    return s;
}

/* MODEL.md §6 for one unit: the 25 buckets, clock stops and ageing, month by month. */
static void run_backlog(const bench_peer *p, const gp_unit *u, const double *groups, double *out) {
    const gp_backlog *bk = u->backlog;
    size_t T = (size_t)p->months;
    double weight[GP_BUCKETS], w[GP_BUCKETS], wsum = 0;
    bool any;

    for (int b = 0; b < GP_BUCKETS; b++) {
        weight[b] = bk->wait_profile_given ? bk->wait_profile[b] : pow(PEER_PROFILE_RATIO, b);
        wsum += weight[b];
    }
    for (int b = 0; b < GP_BUCKETS; b++)
        w[b] = bk->waiting_list * weight[b] / wsum;
    double H = bk->hidden_demand;
    double CS0 = clinical_staffing(u, groups, T, 0, &any);

    for (size_t t = 0; t < T; t++) {
        double CS = clinical_staffing(u, groups, T, t, &any);
        double F = !any || CS0 == 0 ? 1 : pow(CS / CS0, bk->workforce_elasticity);
        double HR = H * bk->hidden_return_rate[t];
        double N = bk->referrals[t] + HR;
        double K = bk->capacity[t] * F;
        double W = bucket_sum(w, 0, GP_BUCKETS - 1), within = bucket_sum(w, 0, 3);

        out[GP_S_WAITING_LIST * T + t] = W;
        out[GP_S_OVER_12M * T + t] = bucket_sum(w, 12, GP_BUCKETS - 1);
        out[GP_S_OVER_15M * T + t] = bucket_sum(w, 15, GP_BUCKETS - 1);
        out[GP_S_OVER_18M * T + t] = bucket_sum(w, 18, GP_BUCKETS - 1);
        out[GP_S_OVER_24M * T + t] = w[GP_BUCKETS - 1];
        out[GP_S_WITHIN_4M * T + t] = within;
        out[GP_S_WITHIN_4M_SHARE * T + t] = W > 0 ? within / W : 0;

        double rr = bk->renege_rate[t], RN = 0;
        for (int b = 0; b < GP_BUCKETS; b++) {
            double r = w[b] * rr;
            RN += r;
            w[b] -= r;
        }
        double P = N + bucket_sum(w, 0, GP_BUCKETS - 1);
        double X = K < P ? K : P, n = N;
        if (X == P) {
            memset(w, 0, sizeof w);
            n = 0;
        } else {
            double Xp = X * (1 - bk->longest_first_share[t]), Xl = X - Xp;
            if (P > 0) {
                double share = Xp / P;
                for (int b = 0; b < GP_BUCKETS; b++)
                    w[b] = w[b] - w[b] * share;
                n = n - n * share;
            }
            for (int b = GP_BUCKETS - 1; b >= 0 && Xl > 0; b--) {
                double take = w[b] < Xl ? w[b] : Xl;
                w[b] -= take;
                Xl -= take;
            }
            if (Xl > 0)
                n -= n < Xl ? n : Xl;
        }
        out[GP_S_CLOCK_STARTS * T + t] = N;
        out[GP_S_HIDDEN_REFERRED * T + t] = HR;
        out[GP_S_HIDDEN_REMAINING * T + t] = H;
        out[GP_S_EFFECTIVE_CAPACITY * T + t] = K;
        out[GP_S_CLOCK_STOPS * T + t] = X;
        out[GP_S_RENEGES * T + t] = RN;
        out[GP_S_WORKFORCE_FACTOR * T + t] = F;

        H -= HR;
        w[GP_BUCKETS - 1] += w[GP_BUCKETS - 2];
        for (int b = GP_BUCKETS - 2; b > 0; b--)
            w[b] = w[b - 1];
        w[0] = n;
    }
}

void bench_peer_run(bench_peer *p) {
    const gp_plan *plan = p->plan;
    size_t T = (size_t)p->months;

    for (size_t u = 0; u < plan->nunits; u++) {
        const gp_unit *unit = &plan->units[u];
        const size_t *off = p->offsets + u * OFF_COUNT;
        double *groups = p->data + off[OFF_GROUPS];

        for (size_t g = 0; g < unit->ngroups; g++)
            run_group(p, &unit->groups[g], groups + g * GP_GROUP_SERIES_COUNT * T);
        if (unit->finance)
            run_finance(p, unit, groups, p->data + off[OFF_FINANCE], p->data + off[OFF_LINES]);
        if (unit->backlog)
            run_backlog(p, unit, groups, p->data + off[OFF_BACKLOG]);
    }
}

/* ---- agreement with the model ------------------------------------------------------------ */

/* Relative differences are tracked for values at least this large, where they mean something. */
#define PEER_REL_FLOOR 1.0

typedef struct cmp_ctx {
    const bench_peer *p;
    bench_check *check;
} cmp_ctx;

/*
** Compare one series; on the first difference write where it is and return 0.
** `what` names the block ("unit-0001 nurses"), `series` the series.
*/
static int compare_series(cmp_ctx *c, const double *peer, const gp_block *model_block, size_t s,
                          const char *what, const char *series, bool headline) {
    size_t T = (size_t)c->p->months;

    if (!model_block || s >= model_block->nseries || model_block->months != c->p->months) {
        snprintf(c->check->first, sizeof c->check->first, "%s %s: the model's result has no such series",
                 what, series);
        return 0;
    }
    const double *model = gp_block_monthly(model_block, s);
    for (size_t t = 0; t < T; t++) {
        double d = fabs(model[t] - peer[t]), m = fmax(fabs(model[t]), fabs(peer[t]));
        if (m >= PEER_REL_FLOOR && d / m > c->check->max_rel)
            c->check->max_rel = d / m;
        c->check->compared++;
        c->check->headline += headline;
        if (!(d <= BENCH_AGREE_REL * m || d <= BENCH_AGREE_ABS)) {
            gp_month mo = c->p->plan->cal.start + (int)t;
            snprintf(c->check->first, sizeof c->check->first,
                     "%s %s %04d-%02d: model %.17g, bare loop %.17g", what, series, mo / 12, mo % 12 + 1,
                     model[t], peer[t]);
            return 0;
        }
    }
    return 1;
}

int bench_peer_compare(const bench_peer *p, const gp_result *res, bench_check *check) {
    const gp_plan *plan = p->plan;
    size_t T = (size_t)p->months;
    cmp_ctx c = {p, check};
    char what[2 * GP_ID_MAX + 16];

    memset(check, 0, sizeof *check);
    if (res->nunits != plan->nunits) {
        snprintf(check->first, sizeof check->first, "the model has %zu units, the plan %zu", res->nunits,
                 plan->nunits);
        return 0;
    }
    for (size_t u = 0; u < plan->nunits; u++) {
        const gp_unit *unit = &plan->units[u];
        const gp_unit_result *ur = &res->units[u];
        const size_t *off = p->offsets + u * OFF_COUNT;

        for (size_t g = 0; g < unit->ngroups && g < ur->ngroups; g++) {
            snprintf(what, sizeof what, "%s %s", unit->id, unit->groups[g].id);
            for (size_t s = 0; s < GP_GROUP_SERIES_COUNT; s++)
                if (!compare_series(&c, p->data + off[OFF_GROUPS] + (g * GP_GROUP_SERIES_COUNT + s) * T,
                                    &ur->groups[g], s, what, gp_group_series_info[s].name,
                                    s == GP_S_STAFF_IN_POST))
                    return 0;
        }
        if (unit->finance) {
            size_t np = unit->finance->pressures.count;
            snprintf(what, sizeof what, "%s finance", unit->id);
            for (size_t s = 0; s < GP_FINANCE_SERIES_COUNT; s++)
                if (!compare_series(&c, p->data + off[OFF_FINANCE] + s * T, ur->finance, s, what,
                                    gp_finance_series_info[s].name, s == GP_S_REVENUE_GAP))
                    return 0;
            for (size_t k = 0; k < np; k++)
                if (!compare_series(&c, p->data + off[OFF_LINES] + k * T, ur->pressures, k, what,
                                    unit->finance->pressures.items[k].name, false))
                    return 0;
            for (size_t k = 0; k < unit->finance->funding.count; k++)
                if (!compare_series(&c, p->data + off[OFF_LINES] + (np + k) * T, ur->funding, k, what,
                                    unit->finance->funding.items[k].name, false))
                    return 0;
        }
        if (unit->backlog) {
            snprintf(what, sizeof what, "%s backlog", unit->id);
            for (size_t s = 0; s < GP_BACKLOG_SERIES_COUNT; s++)
                if (!compare_series(&c, p->data + off[OFF_BACKLOG] + s * T, ur->backlog, s, what,
                                    gp_backlog_series_info[s].name, s == GP_S_WAITING_LIST))
                    return 0;
        }
        if (ur->ngroups != unit->ngroups) {
            snprintf(check->first, sizeof check->first, "%s: the model has %zu groups, the plan %zu", unit->id,
                     ur->ngroups, unit->ngroups);
            return 0;
        }
    }
    return 1;
}
