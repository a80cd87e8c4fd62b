/*
** core/model_finance.c: MODEL.md §4 (revenue) and §5 (capital) for one unit
** over a range of periods.
**
** The named lines are written line by line (one contiguous series each) and
** summed straight into the series they feed, which start at 0.0 (the result
** is calloc'd and a period is computed once), so PR, the funding lines and CR
** are sums in file order from 0.0 as MODEL.md §9 asks. The equations are
** taken literally: FU = revenue_envelope / 12 + (the sum of the funding
** lines), COST = ((WF + NP) + PR) - EA.
*/
#include "model_private.h"

#define MONTHS_PER_YEAR 12

/* Each line's monthly amount into its series of `lines`, and summed into `sum` (a series of the finance block). */
static void spread_lines(const gp_lines *src, gp_block *lines, double *restrict sum, int t0, int t1) {
    for (size_t k = 0; k < src->count; k++) {
        const double *a = src->items[k].amounts;
        double *restrict out = lines ? gp_block_monthly(lines, k) : NULL;
        for (int t = t0; t <= t1; t++) {
            double v = a[t] / MONTHS_PER_YEAR;
            if (out)
                out[t] = v;
            sum[t] += v;
        }
    }
}

void gp_model_finance(const gp_periods *p, const gp_finance *f, gp_unit_state *st, const double *wf,
                      gp_block *out, gp_block *pressures, gp_block *funding, int t0, int t1) {
    const size_t T = (size_t)p->months;
    const unsigned char *april = p->april;
    const double *npi = f->non_pay_inflation, *er = f->efficiency_required, *ea = f->efficiency_achieved,
                 *env = f->revenue_envelope, *cenv = f->capital.envelope;
    double *o = out->monthly;
    double *restrict oWF = o + GP_S_WORKFORCE_COST * T, *restrict oNP = o + GP_S_NON_PAY * T,
                     *restrict oPR = o + GP_S_PRESSURES * T, *restrict oFU = o + GP_S_FUNDING * T,
                     *restrict oER = o + GP_S_EFFICIENCY_REQUIRED * T,
                     *restrict oEA = o + GP_S_EFFICIENCY_ACHIEVED * T,
                     *restrict oES = o + GP_S_EFFICIENCY_SHORTFALL * T, *restrict oCOST = o + GP_S_COST * T,
                     *restrict oGAP = o + GP_S_REVENUE_GAP * T, *restrict oCE = o + GP_S_CAPITAL_ENVELOPE * T,
                     *restrict oCR = o + GP_S_CAPITAL_REQUIREMENT * T, *restrict oCG = o + GP_S_CAPITAL_GAP * T;
    double NP = t0 == 0 ? f->non_pay / MONTHS_PER_YEAR : st->NP;

    spread_lines(&f->pressures, pressures, oPR, t0, t1);
    spread_lines(&f->funding, funding, oFU, t0, t1); /* the funding lines' sum; the envelope is added below */
    spread_lines(&f->capital.schemes, NULL, oCR, t0, t1);
    for (int t = t0; t <= t1; t++) {
        if (april[t])
            NP = NP * (1 + npi[t]);
        double WF = wf[t];
        double FU = env[t] / MONTHS_PER_YEAR + oFU[t];
        double ER = er[t] * (WF + NP);
        double EA = ER * ea[t];
        double COST = WF + NP + oPR[t] - EA;
        double CE = cenv[t] / MONTHS_PER_YEAR;

        oWF[t] = WF;
        oNP[t] = NP;
        oFU[t] = FU;
        oER[t] = ER;
        oEA[t] = EA;
        oES[t] = ER - EA;
        oCOST[t] = COST;
        oGAP[t] = COST - FU;
        oCE[t] = CE;
        oCG[t] = oCR[t] - CE;
    }
    st->NP = NP;
}
