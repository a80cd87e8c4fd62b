/*
** core/model_backlog.c: MODEL.md §6, the elective waiting list of one unit
** over a range of periods, in 25 buckets by months waited.
**
** Each period: report the opening buckets, remove reneges, take the clock
** stops from the pool (a proportional part, then longest-first), age the list
** by a month. The buckets live in a local array for the whole range and go
** back to the unit's state at the end. Sums over buckets run from bucket 0
** upwards from 0.0, as MODEL.md §9 asks of every sum.
*/
#include <math.h>
#include <string.h>

#include "model_private.h"

/* Weight of bucket b relative to bucket b - 1 when the plan gives no wait_profile (MODEL.md §6). */
#define DEFAULT_PROFILE_RATIO 0.85
/* Bucket ranges of the reported long waits: 12, 15, 18 and 24 months and over, and under 4 months. */
#define BUCKET_12M 12
#define BUCKET_15M 15
#define BUCKET_18M 18
#define BUCKET_4M 4
#define LAST_BUCKET (GP_BUCKETS - 1)

/* The opening list: w_b,0 = waiting_list * weight_b / sum(weight), weights 0.85^b unless given. */
static void open_buckets(const gp_backlog *bk, double *w) {
    double weight[GP_BUCKETS], sum = 0;
    for (int b = 0; b < GP_BUCKETS; b++) {
        weight[b] = bk->wait_profile_given ? bk->wait_profile[b] : pow(DEFAULT_PROFILE_RATIO, b);
        sum += weight[b];
    }
    for (int b = 0; b < GP_BUCKETS; b++)
        w[b] = bk->waiting_list * weight[b] / sum;
}

static double bucket_sum(const double *w, int from, int to) {
    double s = 0;
    for (int b = from; b <= to; b++)
        s += w[b];
    return s;
}

/*
** Take X clock stops from the buckets w and the new starts *n, from a pool P
** (MODEL.md §6, §9): everything to exactly 0 when X == P; else the
** proportional part leaves x - x * (Xp / P) of each part, then the
** longest-first part empties buckets 24 down to 0, then the new starts.
*/
static void clock_stops(double *w, double *n, double X, double P, double longest_first) {
    if (X == P) {
        memset(w, 0, GP_BUCKETS * sizeof *w);
        *n = 0;
        return;
    }
    double Xp = X * (1 - longest_first), Xl = X - Xp;
    if (P != 0) {
        double share = Xp / P;
        for (int b = 0; b < GP_BUCKETS; b++)
            w[b] = w[b] - w[b] * share;
        *n = *n - *n * share;
    }
    for (int b = LAST_BUCKET; b >= 0 && Xl > 0; b--) {
        double take = w[b] < Xl ? w[b] : Xl;
        w[b] = w[b] - take;
        Xl = Xl - take;
    }
    if (Xl > 0) {
        double take = *n < Xl ? *n : Xl;
        *n = *n - take;
    }
}

/* The list ages a month: w_0 = what remains of the new starts n, w_b = w_{b-1}, w_24 = w_23 + w_24. */
static inline void age(double *w, double n) {
    w[LAST_BUCKET] = w[LAST_BUCKET - 1] + w[LAST_BUCKET];
    memmove(w + 1, w, (GP_BUCKETS - 2) * sizeof *w);
    w[0] = n;
}

void gp_model_backlog_age(gp_unit_state *st) {
    age(st->w, st->n);
    st->n = 0;
}

double gp_model_backlog_remaining(const gp_unit_state *st) { return bucket_sum(st->w, 0, LAST_BUCKET); }

double gp_model_backlog_take(gp_unit_state *st, double amount) {
    double left = amount;
    for (int b = LAST_BUCKET; b >= 0 && left > 0; b--) {
        double take = st->w[b] < left ? st->w[b] : left;
        st->w[b] = st->w[b] - take;
        left = left - take;
    }
    return amount - left;
}

void gp_model_backlog(const gp_backlog *bk, gp_unit_state *st, const double *cs, bool clinical, gp_block *out,
                      int t0, int t1, bool hold) {
    const size_t T = (size_t)out->months;
    const double *ref = bk->referrals, *cap = bk->capacity, *hrr = bk->hidden_return_rate,
                 *lfs = bk->longest_first_share, *ren = bk->renege_rate;
    const double elasticity = bk->workforce_elasticity;
    double *o = out->monthly;
    double *restrict oW = o + GP_S_WAITING_LIST * T, *restrict o12 = o + GP_S_OVER_12M * T,
                     *restrict o15 = o + GP_S_OVER_15M * T, *restrict o18 = o + GP_S_OVER_18M * T,
                     *restrict o24 = o + GP_S_OVER_24M * T, *restrict o4 = o + GP_S_WITHIN_4M * T,
                     *restrict o4s = o + GP_S_WITHIN_4M_SHARE * T, *restrict oN = o + GP_S_CLOCK_STARTS * T,
                     *restrict oHR = o + GP_S_HIDDEN_REFERRED * T, *restrict oH = o + GP_S_HIDDEN_REMAINING * T,
                     *restrict oK = o + GP_S_EFFECTIVE_CAPACITY * T, *restrict oX = o + GP_S_CLOCK_STOPS * T,
                     *restrict oRN = o + GP_S_RENEGES * T, *restrict oF = o + GP_S_WORKFORCE_FACTOR * T;
    double w[GP_BUCKETS], H;

    if (t0 == 0) {
        open_buckets(bk, w);
        H = bk->hidden_demand;
        st->CS0 = cs[0];
    } else {
        memcpy(w, st->w, sizeof w);
        H = st->H;
    }
    const double CS0 = st->CS0;
    for (int t = t0; t <= t1; t++) {
        double F = !clinical || CS0 == 0 ? 1 : pow(cs[t] / CS0, elasticity);
        double HR = H * hrr[t];
        double N = ref[t] + HR;
        double K = cap[t] * F;
        double W = bucket_sum(w, 0, LAST_BUCKET), within = bucket_sum(w, 0, BUCKET_4M - 1);

        oW[t] = W;
        o12[t] = bucket_sum(w, BUCKET_12M, LAST_BUCKET);
        o15[t] = bucket_sum(w, BUCKET_15M, LAST_BUCKET);
        o18[t] = bucket_sum(w, BUCKET_18M, LAST_BUCKET);
        o24[t] = w[LAST_BUCKET];
        o4[t] = within;
        o4s[t] = W == 0 ? 0 : within / W;

        double rr = ren[t], RN = 0;
        for (int b = 0; b < GP_BUCKETS; b++) {
            double r = w[b] * rr;
            RN += r;
            w[b] = w[b] - r;
        }
        double P = N + bucket_sum(w, 0, LAST_BUCKET); /* N + the sum of the kept buckets, as MODEL.md writes it */
        double X = K < P ? K : P, n = N;
        clock_stops(w, &n, X, P, lfs[t]);

        oN[t] = N;
        oHR[t] = HR;
        oH[t] = H;
        oK[t] = K;
        oX[t] = X;
        oRN[t] = RN;
        oF[t] = F;

        H = H - HR;
        if (hold && t == t1) {
            st->n = n; /* the system moves patients before the list ages (gp_model_backlog_age) */
            break;
        }
        age(w, n);
    }
    memcpy(st->w, w, sizeof w);
    st->H = H;
}

void gp_model_backlog_shares(gp_block *total, const double *capacity, int t0, int t1) {
    const size_t T = (size_t)total->months;
    double *o = total->monthly;
    const double *W = o + GP_S_WAITING_LIST * T, *within = o + GP_S_WITHIN_4M * T,
                 *K = o + GP_S_EFFECTIVE_CAPACITY * T;
    double *share = o + GP_S_WITHIN_4M_SHARE * T, *F = o + GP_S_WORKFORCE_FACTOR * T;

    for (int t = t0; t <= t1; t++) {
        share[t] = W[t] == 0 ? 0 : within[t] / W[t];
        F[t] = capacity[t] == 0 ? 1 : K[t] / capacity[t];
    }
}
