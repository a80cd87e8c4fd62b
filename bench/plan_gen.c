/*
** bench/plan_gen.c: a large plan for the benchmark, as JSON text.
**
** The benchmark loads what this writes with gp_plan_load_file(), so the
** loader's time is measured on a file of realistic shape: every field of
** MODEL.md §3-§6 present, schedules of all three kinds (numbers, FY-keyed,
** month-keyed, with keys before and after the horizon), one-off amounts
** followed by an explicit zero, named pressure, funding and scheme lines.
** Values are illustrative and stay inside MODEL.md's ranges, so the plan
** validates. The text depends only on the options: a fixed pseudo-random
** generator (splitmix64) and fixed formats, so a seed reproduces the file.
*/
#include <math.h>
#include <stdbool.h>

#include "bench.h"

/* Schedule kinds are drawn with these odds (out of 10): numbers, FY-keyed, else month-keyed. */
#define GEN_ODDS_NUMBER 4
#define GEN_ODDS_FY 4
/* Month-keyed schedules step every GEN_MONTH_GAP_MIN..MAX months. */
#define GEN_MONTH_GAP_MIN 5
#define GEN_MONTH_GAP_MAX 30
/* Staff group ids and names; past the table, ids are numbered. */
#define GEN_NAMED_GROUPS 8

static const char *const group_ids[GEN_NAMED_GROUPS] = {
    "nurses", "doctors", "ahp", "scientists", "ambulance", "support", "managers", "admin",
};
static const char *const group_names[GEN_NAMED_GROUPS] = {
    "Nurses and health visitors", "Medical and dental", "Allied health professionals",
    "Scientific and technical", "Ambulance staff", "Clinical support", "Managers",
    "Administrative and estates",
};
/* Typical annual cost of one FTE for each named group (pay plus on-costs), £. */
static const double group_cost[GEN_NAMED_GROUPS] = {
    46000, 105000, 44000, 48000, 41000, 28000, 62000, 30000,
};

typedef struct gen {
    FILE *out;
    uint64_t state;
    gp_month first, last; /* the horizon's first and last month */
} gen;

/* splitmix64: tiny, fast and the same on every platform. */
static uint64_t next_u64(gen *g) {
    uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double uniform(gen *g) { return (double)(next_u64(g) >> 11) * (1.0 / 9007199254740992.0); }
static double between(gen *g, double lo, double hi) { return lo + (hi - lo) * uniform(g); }
static int int_between(gen *g, int lo, int hi) { return lo + (int)(next_u64(g) % (uint64_t)(hi - lo + 1)); }

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

static void put_month(gen *g, gp_month m) { fprintf(g->out, "\"%04d-%02d\"", m / 12, m % 12 + 1); }
static void put_fy(gen *g, int fy) { fprintf(g->out, "\"%04d/%02d\"", fy, (fy + 1) % 100); }
static int fy_of(gp_month m) { return m % 12 >= 3 ? m / 12 : m / 12 - 1; }

/*
** `"key": schedule` varying around `base` by up to `spread` (a share of base),
** each value clamped into [lo, hi]. FY keys start one FY before the horizon
** (an opening value) and run one FY past it (ignored by the model).
*/
static void put_schedule(gen *g, const char *key, double base, double spread, double lo, double hi) {
    int kind = int_between(g, 0, 9);
    fprintf(g->out, "\"%s\": ", key);
    if (kind < GEN_ODDS_NUMBER) {
        fprintf(g->out, "%.9g", clamp(base * (1 + between(g, -spread, spread)), lo, hi));
        return;
    }
    fputc('{', g->out);
    if (kind < GEN_ODDS_NUMBER + GEN_ODDS_FY) {
        int first = fy_of(g->first) - int_between(g, 0, 1), last = fy_of(g->last) + 1;
        for (int fy = first; fy <= last; fy += int_between(g, 1, 2)) {
            if (fy != first)
                fputs(", ", g->out);
            put_fy(g, fy);
            fprintf(g->out, ": %.9g", clamp(base * (1 + between(g, -spread, spread)), lo, hi));
        }
    } else {
        gp_month m = g->first - int_between(g, 0, 6);
        for (bool any = false; m <= g->last + 6; m += int_between(g, GEN_MONTH_GAP_MIN, GEN_MONTH_GAP_MAX)) {
            if (any)
                fputs(", ", g->out);
            any = true;
            put_month(g, m);
            fprintf(g->out, ": %.9g", clamp(base * (1 + between(g, -spread, spread)), lo, hi));
        }
    }
    fputc('}', g->out);
}

/* A one-off annual amount in one FY of the horizon, then an explicit zero (MODEL.md §2). */
static void put_one_off(gen *g, const char *key, double amount) {
    int fy = fy_of(g->first) + int_between(g, 0, 2);
    fprintf(g->out, "\"%s\": {", key);
    put_fy(g, fy);
    fprintf(g->out, ": %.9g, ", amount);
    put_fy(g, fy + 1);
    fputs(": 0}", g->out);
}

/* A named line (pressure, funding, scheme): `{"name": ..., "amounts": ...}`. */
static void put_line(gen *g, const char *name, double amount, bool one_off, bool may_be_negative) {
    fprintf(g->out, "{\"name\": \"%s\", ", name);
    if (one_off)
        put_one_off(g, "amounts", amount);
    else
        put_schedule(g, "amounts", amount, 0.3, may_be_negative ? -HUGE_VAL : 0, HUGE_VAL);
    fputc('}', g->out);
}

/* One staff group; returns its annual pay bill at t = 0 (for the finance block's scale). */
static double put_group(gen *g, int k, int ngroups) {
    double cost = group_cost[k % GEN_NAMED_GROUPS] * between(g, 0.9, 1.1);
    double est = between(g, 150, 4000), sip = est * between(g, 0.85, 1.02);
    bool clinical = ngroups <= 2 || k < ngroups - 2;

    if (k < GEN_NAMED_GROUPS)
        fprintf(g->out, "{\"id\": \"%s\", \"name\": \"%s\",\n     ", group_ids[k], group_names[k]);
    else
        fprintf(g->out, "{\"id\": \"group-%d\", \"name\": \"Staff group %d\",\n     ", k, k);
    fprintf(g->out, "\"establishment\": %.9g, \"staff_in_post\": %.9g, \"cost_per_fte\": %.9g, "
                    "\"intake_month\": %d, \"clinical\": %s,\n     ",
            est, sip, cost, int_between(g, 0, 3) == 0 ? int_between(g, 1, 12) : 9,
            clinical ? "true" : "false");
    put_schedule(g, "establishment_growth", 0.015, 1.0, -0.5, 1);
    fputs(", ", g->out);
    put_schedule(g, "leaver_rate", 0.10, 0.2, 0, 1);
    fputs(", ", g->out);
    put_schedule(g, "fill_rate", 0.05, 0.5, 0, 1);
    fputs(",\n     ", g->out);
    put_schedule(g, "newly_qualified", est * 0.04, 0.5, 0, HUGE_VAL);
    fputs(", ", g->out);
    put_schedule(g, "international", est * 0.015, 1.0, 0, HUGE_VAL);
    fputs(", ", g->out);
    put_schedule(g, "other_joiners", est * 0.01, 1.0, 0, HUGE_VAL);
    fputs(",\n     ", g->out);
    put_schedule(g, "absence_rate", 0.05, 0.2, 0, 1);
    fputs(", ", g->out);
    put_schedule(g, "budgeted_absence", 0.035, 0.1, 0, 1);
    fputs(", ", g->out);
    put_schedule(g, "pay_award", 0.03, 0.6, -0.5, 1);
    fputs(",\n     ", g->out);
    /* Each fill stays at or below 0.5, so bank_fill + agency_fill <= 1 in every month. */
    put_schedule(g, "bank_fill", 0.3, 0.6, 0, 0.5);
    fputs(", ", g->out);
    put_schedule(g, "agency_fill", 0.15, 0.8, 0, 0.5);
    fputs(", ", g->out);
    put_schedule(g, "bank_premium", 1.1, 0.1, 0, HUGE_VAL);
    fputs(", ", g->out);
    put_schedule(g, "agency_premium", 1.8, 0.3, 0, HUGE_VAL);
    fputs("}", g->out);
    return sip * cost;
}

static void put_finance(gen *g, double pay) {
    double non_pay = pay * between(g, 0.25, 0.45), base = (pay * 1.04 + non_pay) * between(g, 0.97, 1.02);

    fputs("   \"finance\": {", g->out);
    put_schedule(g, "revenue_envelope", base, 0.04, 0, HUGE_VAL);
    fprintf(g->out, ", \"non_pay\": %.9g,\n    ", non_pay);
    put_schedule(g, "non_pay_inflation", 0.03, 0.5, -0.5, 1);
    fputs(", ", g->out);
    put_schedule(g, "efficiency_required", 0.011, 0.5, 0, 1);
    fputs(", ", g->out);
    put_schedule(g, "efficiency_achieved", 0.8, 0.25, 0, 1);
    fputs(",\n    \"pressures\": [", g->out);
    put_line(g, "covid-19", base * 0.03, true, false);
    fputs(", ", g->out);
    put_line(g, "drugs-growth", base * 0.01, false, false);
    fputs(", ", g->out);
    put_line(g, "estate-savings", -base * 0.004, false, true);
    fputs("],\n    \"funding\": [", g->out);
    put_line(g, "settlement", base * 0.02, true, false);
    fputs(", ", g->out);
    put_line(g, "elective-recovery", base * 0.01, false, false);
    fputs("],\n    \"capital\": {", g->out);
    put_schedule(g, "envelope", base * 0.05, 0.3, 0, HUGE_VAL);
    fputs(", \"schemes\": [", g->out);
    put_line(g, "estates", base * 0.03, false, false);
    fputs(", ", g->out);
    put_line(g, "digital", base * 0.01, true, false);
    fputs("]}}", g->out);
}

static void put_backlog(gen *g) {
    double list = between(g, 8000, 60000), referrals = list * between(g, 0.08, 0.14);

    fprintf(g->out, "   \"backlog\": {\"waiting_list\": %.9g, \"hidden_demand\": %.9g, "
                    "\"workforce_elasticity\": %.9g,\n    ",
            list, list * between(g, 0.1, 0.6), between(g, 0.5, 1.5));
    if (int_between(g, 0, 2) == 0) {
        int n = int_between(g, 1, GP_BUCKETS);
        fputs("\"wait_profile\": [", g->out);
        for (int b = 0; b < n; b++)
            fprintf(g->out, "%s%.6g", b ? ", " : "", between(g, 0.05, 1.0) * pow(0.9, b));
        fputs("],\n    ", g->out);
    }
    put_schedule(g, "referrals", referrals, 0.1, 0, HUGE_VAL);
    fputs(", ", g->out);
    put_schedule(g, "capacity", referrals * 1.02, 0.12, 0, HUGE_VAL);
    fputs(",\n    ", g->out);
    put_schedule(g, "hidden_return_rate", 0.03, 0.6, 0, 1);
    fputs(", ", g->out);
    put_schedule(g, "longest_first_share", 0.5, 0.5, 0, 1);
    fputs(", ", g->out);
    put_schedule(g, "renege_rate", 0.01, 0.8, 0, 1);
    fputs("}", g->out);
}

int bench_plan_generate(const bench_gen_options *o, FILE *out) {
    gen g = {.out = out, .state = o->seed};
    g.first = gp_month_make(o->start_year, o->start_month);
    g.last = g.first + o->months - 1;

    fprintf(out, "{\"gapplan\": 1,\n \"name\": \"Benchmark plan: %d units x %d groups x %d months (seed %llu)\",\n"
                 " \"description\": \"Generated by bench/plan_gen.c; illustrative values only.\",\n"
                 " \"start\": \"%04d-%02d\", \"months\": %d,\n \"units\": [\n",
            o->units, o->groups, o->months, (unsigned long long)o->seed, o->start_year, o->start_month,
            o->months);
    for (int u = 0; u < o->units; u++) {
        double pay = 0;
        fprintf(out, "  {\"id\": \"unit-%04d\", \"name\": \"Unit %d\",\n   \"groups\": [\n    ", u + 1, u + 1);
        for (int k = 0; k < o->groups; k++) {
            if (k)
                fputs(",\n    ", out);
            pay += put_group(&g, k, o->groups);
        }
        fputs("],\n", out);
        put_finance(&g, pay);
        fputs(",\n", out);
        put_backlog(&g);
        fprintf(out, "}%s\n", u + 1 < o->units ? "," : "");
    }
    fputs(" ]\n}\n", out);
    return ferror(out) ? -1 : 0;
}
