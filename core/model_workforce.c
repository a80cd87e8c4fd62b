/*
** core/model_workforce.c: MODEL.md §3, one staff group over a range of
** periods, and the rates of a `total` group.
**
** The loop is the model's hot spot (the benchmark plan runs it for 960,000
** group-months), so it reads each schedule as a plain array, keeps the
** carried figures in registers, stores each of the 21 series with unit stride
** and calls nothing. Every expression is written in MODEL.md's order of
** operations (`S * leaver_rate / 12` is (S * leaver_rate) / 12, never
** S * (leaver_rate / 12)), so two careful implementations agree to the bit.
*/
#include "model_private.h"

/* Months in a year: annual rates and £/yr figures are spread over them. */
#define MONTHS_PER_YEAR 12

void gp_model_group(const gp_periods *p, const gp_group *g, gp_group_state *st, gp_block *out, double *wf,
                    double *cs, int t0, int t1) {
    const size_t T = (size_t)p->months;
    const unsigned char *april = p->april, *month = p->month;
    const double *eg = g->establishment_growth, *lr = g->leaver_rate, *fr = g->fill_rate,
                 *nq = g->newly_qualified, *in = g->international, *oj = g->other_joiners,
                 *ab = g->absence_rate, *ba = g->budgeted_absence, *pa = g->pay_award, *bf = g->bank_fill,
                 *af = g->agency_fill, *bp = g->bank_premium, *ap = g->agency_premium;
    const int intake = g->intake_month;
    double *o = out->monthly;
    double *restrict oE = o + GP_S_ESTABLISHMENT * T, *restrict oS = o + GP_S_STAFF_IN_POST * T,
                     *restrict oV = o + GP_S_VACANCIES * T, *restrict oVR = o + GP_S_VACANCY_RATE * T,
                     *restrict oL = o + GP_S_LEAVERS * T, *restrict oJ = o + GP_S_JOINERS * T,
                     *restrict oJF = o + GP_S_JOINERS_FILL * T, *restrict oJN = o + GP_S_NEWLY_QUALIFIED * T,
                     *restrict oJI = o + GP_S_INTERNATIONAL * T, *restrict oJO = o + GP_S_OTHER_JOINERS * T,
                     *restrict oAR = o + GP_S_ABSENCE_RATE * T, *restrict oA = o + GP_S_AVAILABLE * T,
                     *restrict oR = o + GP_S_REQUIRED * T, *restrict oG = o + GP_S_STAFFING_GAP * T,
                     *restrict oB = o + GP_S_BANK * T, *restrict oAG = o + GP_S_AGENCY * T,
                     *restrict oU = o + GP_S_UNFILLED * T, *restrict oC = o + GP_S_COST_PER_FTE * T,
                     *restrict oPAY = o + GP_S_PAY_COST * T, *restrict oBANK = o + GP_S_BANK_COST * T,
                     *restrict oAGY = o + GP_S_AGENCY_COST * T;
    double E, C, S;

    if (t0 == 0) {
        E = g->establishment;
        C = g->cost_per_fte;
        S = g->staff_in_post;
    } else {
        E = st->E;
        C = st->C;
        S = st->S;
    }
    for (int t = t0; t <= t1; t++) {
        if (april[t]) {
            E = E * (1 + eg[t]);
            C = C * (1 + pa[t]);
        }
        double V = E - S;
        double L = S * lr[t] / MONTHS_PER_YEAR;
        double JF = fr[t] * (V > 0 ? V : 0);
        double JN = month[t] == intake ? nq[t] : 0; /* the whole annual figure, in the intake month */
        double JI = in[t] / MONTHS_PER_YEAR;
        double JO = oj[t] / MONTHS_PER_YEAR;
        double J = JF + JN + JI + JO;
        double A = S * (1 - ab[t]);
        double R = E * (1 - ba[t]);
        double G = R - A > 0 ? R - A : 0;
        double B = G * bf[t];
        double AG = G * af[t];
        double PAY = S * C / MONTHS_PER_YEAR;
        double BANK = B * C * bp[t] / MONTHS_PER_YEAR;
        double AGY = AG * C * ap[t] / MONTHS_PER_YEAR;

        oE[t] = E;
        oS[t] = S;
        oV[t] = V;
        oVR[t] = E == 0 ? 0 : V / E;
        oL[t] = L;
        oJ[t] = J;
        oJF[t] = JF;
        oJN[t] = JN;
        oJI[t] = JI;
        oJO[t] = JO;
        oAR[t] = ab[t];
        oA[t] = A;
        oR[t] = R;
        oG[t] = G;
        oB[t] = B;
        oAG[t] = AG;
        oU[t] = G - B - AG;
        oC[t] = C;
        oPAY[t] = PAY;
        oBANK[t] = BANK;
        oAGY[t] = AGY;
        /* WF sums the groups in file order, each group's term being (PAY + BANK) + AGY (MODEL.md §4). */
        wf[t] += PAY + BANK + AGY;
        cs[t] += A + B + AG;
        S = S + J - L;
    }
    st->E = E;
    st->C = C;
    st->S = S;
}

void gp_model_total_rates(gp_block *total, int t0, int t1) {
    const size_t T = (size_t)total->months;
    double *o = total->monthly;
    const double *E = o + GP_S_ESTABLISHMENT * T, *V = o + GP_S_VACANCIES * T, *S = o + GP_S_STAFF_IN_POST * T,
                 *A = o + GP_S_AVAILABLE * T, *PAY = o + GP_S_PAY_COST * T;
    double *VR = o + GP_S_VACANCY_RATE * T, *AR = o + GP_S_ABSENCE_RATE * T, *C = o + GP_S_COST_PER_FTE * T;

    for (int t = t0; t <= t1; t++) {
        VR[t] = E[t] == 0 ? 0 : V[t] / E[t];
        AR[t] = S[t] == 0 ? 0 : 1 - A[t] / S[t];
        C[t] = S[t] == 0 ? 0 : PAY[t] * MONTHS_PER_YEAR / S[t];
    }
}
